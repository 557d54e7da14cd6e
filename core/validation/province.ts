/**
 * Italian provinces (and metropolitan cities, free municipal consortia, etc.) by their two-letter
 * sigla, as written on a company's registered address.
 *
 * Sardinia: the 2016 reform left CA, SS, NU, OR and SU (Sud Sardegna); the regional reform in force
 * from 2025 restored Gallura Nord-Est Sardegna (OT), Ogliastra (OG), Medio Campidano (VS) and
 * renamed what remains of SU "Sulcis Iglesiente" (sigla kept). All are accepted, old names too.
 */
import { type Check, fail, fold, ok, readText, squeeze } from './result.js';

export interface Province {
  code: string;
  name: string;
  region: string;
}

// [sigla, name, region, other names people type]
const DATA: readonly (readonly [string, string, string, ...string[]])[] = [
  ['AG', 'Agrigento', 'Sicilia'],
  ['AL', 'Alessandria', 'Piemonte'],
  ['AN', 'Ancona', 'Marche'],
  ['AO', 'Aosta', "Valle d'Aosta", "Valle d'Aosta", 'Aoste', "Vallée d'Aoste"],
  ['AP', 'Ascoli Piceno', 'Marche', 'Ascoli'],
  ['AQ', "L'Aquila", 'Abruzzo', 'Aquila'],
  ['AR', 'Arezzo', 'Toscana'],
  ['AT', 'Asti', 'Piemonte'],
  ['AV', 'Avellino', 'Campania'],
  ['BA', 'Bari', 'Puglia'],
  ['BG', 'Bergamo', 'Lombardia'],
  ['BI', 'Biella', 'Piemonte'],
  ['BL', 'Belluno', 'Veneto'],
  ['BN', 'Benevento', 'Campania'],
  ['BO', 'Bologna', 'Emilia-Romagna'],
  ['BR', 'Brindisi', 'Puglia'],
  ['BS', 'Brescia', 'Lombardia'],
  ['BT', 'Barletta-Andria-Trani', 'Puglia', 'Barletta', 'Andria', 'Trani'],
  ['BZ', 'Bolzano', 'Trentino-Alto Adige', 'Bolzano/Bozen', 'Bozen', 'Alto Adige', 'Südtirol'],
  ['CA', 'Cagliari', 'Sardegna'],
  ['CB', 'Campobasso', 'Molise'],
  ['CE', 'Caserta', 'Campania'],
  ['CH', 'Chieti', 'Abruzzo'],
  ['CL', 'Caltanissetta', 'Sicilia'],
  ['CN', 'Cuneo', 'Piemonte'],
  ['CO', 'Como', 'Lombardia'],
  ['CR', 'Cremona', 'Lombardia'],
  ['CS', 'Cosenza', 'Calabria'],
  ['CT', 'Catania', 'Sicilia'],
  ['CZ', 'Catanzaro', 'Calabria'],
  ['EN', 'Enna', 'Sicilia'],
  ['FC', 'Forlì-Cesena', 'Emilia-Romagna', 'Forlì', 'Cesena'],
  ['FE', 'Ferrara', 'Emilia-Romagna'],
  ['FG', 'Foggia', 'Puglia'],
  ['FI', 'Firenze', 'Toscana', 'Florence'],
  ['FM', 'Fermo', 'Marche'],
  ['FR', 'Frosinone', 'Lazio'],
  ['GE', 'Genova', 'Liguria', 'Genoa'],
  ['GO', 'Gorizia', 'Friuli-Venezia Giulia'],
  ['GR', 'Grosseto', 'Toscana'],
  ['IM', 'Imperia', 'Liguria'],
  ['IS', 'Isernia', 'Molise'],
  ['KR', 'Crotone', 'Calabria'],
  ['LC', 'Lecco', 'Lombardia'],
  ['LE', 'Lecce', 'Puglia'],
  ['LI', 'Livorno', 'Toscana'],
  ['LO', 'Lodi', 'Lombardia'],
  ['LT', 'Latina', 'Lazio'],
  ['LU', 'Lucca', 'Toscana'],
  ['MB', 'Monza e della Brianza', 'Lombardia', 'Monza', 'Monza Brianza', 'Monza e Brianza'],
  ['MC', 'Macerata', 'Marche'],
  ['ME', 'Messina', 'Sicilia'],
  ['MI', 'Milano', 'Lombardia', 'Milan'],
  ['MN', 'Mantova', 'Lombardia'],
  ['MO', 'Modena', 'Emilia-Romagna'],
  ['MS', 'Massa-Carrara', 'Toscana', 'Massa', 'Carrara', 'Massa Carrara'],
  ['MT', 'Matera', 'Basilicata'],
  ['NA', 'Napoli', 'Campania', 'Naples'],
  ['NO', 'Novara', 'Piemonte'],
  ['NU', 'Nuoro', 'Sardegna'],
  ['OG', 'Ogliastra', 'Sardegna'],
  ['OR', 'Oristano', 'Sardegna'],
  ['OT', 'Gallura Nord-Est Sardegna', 'Sardegna', 'Gallura', 'Olbia-Tempio', 'Olbia'],
  ['PA', 'Palermo', 'Sicilia'],
  ['PC', 'Piacenza', 'Emilia-Romagna'],
  ['PD', 'Padova', 'Veneto', 'Padua'],
  ['PE', 'Pescara', 'Abruzzo'],
  ['PG', 'Perugia', 'Umbria'],
  ['PI', 'Pisa', 'Toscana'],
  ['PN', 'Pordenone', 'Friuli-Venezia Giulia'],
  ['PO', 'Prato', 'Toscana'],
  ['PR', 'Parma', 'Emilia-Romagna'],
  ['PT', 'Pistoia', 'Toscana'],
  ['PU', 'Pesaro e Urbino', 'Marche', 'Pesaro', 'Urbino', 'Pesaro-Urbino'],
  ['PV', 'Pavia', 'Lombardia'],
  ['PZ', 'Potenza', 'Basilicata'],
  ['RA', 'Ravenna', 'Emilia-Romagna'],
  ['RC', 'Reggio Calabria', 'Calabria', 'Reggio di Calabria'],
  ['RE', 'Reggio Emilia', 'Emilia-Romagna', "Reggio nell'Emilia"],
  ['RG', 'Ragusa', 'Sicilia'],
  ['RI', 'Rieti', 'Lazio'],
  ['RM', 'Roma', 'Lazio', 'Rome'],
  ['RN', 'Rimini', 'Emilia-Romagna'],
  ['RO', 'Rovigo', 'Veneto'],
  ['SA', 'Salerno', 'Campania'],
  ['SI', 'Siena', 'Toscana'],
  ['SO', 'Sondrio', 'Lombardia'],
  ['SP', 'La Spezia', 'Liguria', 'Spezia'],
  ['SR', 'Siracusa', 'Sicilia', 'Syracuse'],
  ['SS', 'Sassari', 'Sardegna'],
  ['SU', 'Sulcis Iglesiente', 'Sardegna', 'Sud Sardegna', 'Carbonia-Iglesias', 'Carbonia', 'Iglesias'],
  ['SV', 'Savona', 'Liguria'],
  ['TA', 'Taranto', 'Puglia'],
  ['TE', 'Teramo', 'Abruzzo'],
  ['TN', 'Trento', 'Trentino-Alto Adige', 'Trentino'],
  ['TO', 'Torino', 'Piemonte', 'Turin'],
  ['TP', 'Trapani', 'Sicilia'],
  ['TR', 'Terni', 'Umbria'],
  ['TS', 'Trieste', 'Friuli-Venezia Giulia'],
  ['TV', 'Treviso', 'Veneto'],
  ['UD', 'Udine', 'Friuli-Venezia Giulia'],
  ['VA', 'Varese', 'Lombardia'],
  ['VB', 'Verbano-Cusio-Ossola', 'Piemonte', 'Verbania', 'VCO'],
  ['VC', 'Vercelli', 'Piemonte'],
  ['VE', 'Venezia', 'Veneto', 'Venice'],
  ['VI', 'Vicenza', 'Veneto'],
  ['VR', 'Verona', 'Veneto'],
  ['VS', 'Medio Campidano', 'Sardegna', 'Sanluri'],
  ['VT', 'Viterbo', 'Lazio'],
  ['VV', 'Vibo Valentia', 'Calabria', 'Vibo'],
];

export const provinces: readonly Province[] = DATA.map(([code, name, region]) => ({ code, name, region }));

const byCode = new Map(provinces.map((p) => [p.code, p]));

/** "Reggio nell'Emilia" and "reggio nell emilia" and "REGGIO-NELL'EMILIA" meet as "reggio nell emilia". */
const key = (s: string): string => squeeze(fold(s).replace(/[^a-z]+/g, ' '));

const byName = new Map<string, string>();
for (const [code, name, , ...aliases] of DATA) {
  for (const n of [name, ...aliases]) byName.set(key(n), code);
  byName.set(`provincia di ${key(name)}`, code);
  byName.set(`citta metropolitana di ${key(name)}`, code);
}

export const findProvince = (code: string): Province | undefined => byCode.get(code);

/** Accepts the sigla ("rm", "RM"), "Roma (RM)", or the name ("Roma", "Forli-Cesena"); returns the sigla. */
export function validateProvincia(input: unknown): Check {
  const text = readText(input);
  if (!text.ok) return text;
  const s = squeeze(text.value);
  if (s === '') return fail('required', 'Scrivi la provincia (sigla di 2 lettere, es. RM).', 'Enter the province (2-letter code, e.g. RM).');
  const paren = /\(([A-Za-z]{2})\)\s*$/.exec(s); // "Roma (RM)", as many forms print it
  const sigla = (paren ? paren[1]! : s).toUpperCase();
  if (byCode.has(sigla)) return ok(sigla);
  const named = byName.get(key(s));
  if (named) return ok(named);
  if (/^[A-Za-z]{2}$/.test(s))
    return fail(
      'unknown',
      `«${sigla}» non è la sigla di una provincia italiana.`,
      `"${sigla}" is not the code of an Italian province.`,
    );
  return fail(
    'unknown',
    'Provincia non riconosciuta: scrivi la sigla di 2 lettere (es. MI, RM, NA).',
    'Province not recognised: enter its 2-letter code (e.g. MI, RM, NA).',
  );
}
