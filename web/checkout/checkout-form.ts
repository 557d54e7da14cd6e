/**
 * The checkout page: who invites, which edition, the price with VAT, and the company form of
 * PRODUCT.md flow 3 (from the shared `companyFields`, so the bot and the page ask the same things).
 * Browser checks (required, type, pattern) catch slips early; the server checks with the core
 * validators and the page comes back with every value as typed and a message per field.
 */
import { companyFields, legalForms, type FieldError } from '../../core/validation/index.js';
import type { CompanyData } from '../../core/validation/index.js';
import { html, type SafeHtml } from './html.js';
import { pageStrings, type PageLang } from './page-strings.js';

export type FormKey = keyof CompanyData | 'billingEmail' | 'paymentMethod' | 'confirmSameVat';
export type FormValues = Partial<Record<FormKey, string>>;
export type FormErrors = Partial<Record<FormKey, Pick<FieldError, 'it' | 'en' | 'choices'>>>;

/** Browser-side hints per field: input type, autocomplete, pattern. Loose on purpose: the server decides. */
const inputAttrs: Partial<Record<keyof CompanyData, { type?: string; autocomplete?: string; inputmode?: string; pattern?: string; maxlength?: number; caps?: boolean }>> = {
  legalName: { autocomplete: 'organization', maxlength: 150 },
  vatNumber: { maxlength: 30, caps: true },
  taxCode: { maxlength: 30, caps: true },
  address: { autocomplete: 'street-address', maxlength: 200 },
  cap: { autocomplete: 'postal-code', inputmode: 'numeric', pattern: '\\s*[0-9]{5}\\s*', maxlength: 10 },
  city: { autocomplete: 'address-level2', maxlength: 100 },
  province: { maxlength: 40, caps: true },
  repFirstName: { autocomplete: 'given-name', maxlength: 100 },
  repLastName: { autocomplete: 'family-name', maxlength: 100 },
  repTaxCode: { maxlength: 30, caps: true },
  atecoCode: { maxlength: 200 },
  pec: { type: 'email', maxlength: 254 },
  sdiCode: { maxlength: 10, caps: true },
  email: { type: 'email', autocomplete: 'email', maxlength: 254 },
  phone: { type: 'tel', autocomplete: 'tel', maxlength: 30 },
};

/** Required in the browser only where the core requires a value whatever the other answers (SDI may be empty with a PEC). */
const browserOptional = new Set<string>(['pec', 'phone', 'sdiCode', 'taxCode']);

export interface CheckoutView {
  lang: PageLang;
  action: string;
  csrf: string;
  partnerName: string;
  tierLabel: string;
  productName: string;
  net: string;
  vat: string;
  vatRate: string;
  total: string;
  expiresOn: string;
  paymentMethods: { value: string; label: string }[];
  values: FormValues;
  errors: FormErrors;
  /** the Partita IVA already has a company: ask the buyer to confirm a second one */
  askSameVat?: boolean;
  /** an order from this invitation still awaiting payment, shown above the form */
  pendingOrder?: SafeHtml;
  /** the privacy notice (web/privacy/privacy-notice.ts), shown before the button that sends the data */
  privacyNotice?: SafeHtml;
}

const fieldId = (k: string) => `f-${k}`;

function describedBy(key: string, hasHint: boolean) {
  return [hasHint ? `hint-${key}` : '', `err-${key}`].filter(Boolean).join(' ');
}

function errorText(v: CheckoutView, key: FormKey): string {
  const e = v.errors[key];
  return e ? e[v.lang] : '';
}

function textField(v: CheckoutView, key: keyof CompanyData, label: string, example: string | undefined, optional: boolean): SafeHtml {
  const s = pageStrings[v.lang];
  const a = inputAttrs[key] ?? {};
  const err = v.errors[key];
  // A company's codice fiscale is almost always its Partita IVA: empty means the same (the core fills it in).
  const hint = key === 'taxCode' ? s.taxCodeHint : example ? `${s.example} ${example}` : '';
  const choices = err?.choices ?? [];
  const mark = key === 'taxCode' ? html` <span class="hint inline">(${s.taxCodeOptional})</span>` : optional ? html` <span class="hint inline">(${s.optional})</span>` : ' *';
  return html`<div class="field">
<label for="${fieldId(key)}">${label}${mark}${hint ? html`<span class="hint" id="hint-${key}">${hint}</span>` : ''}</label>
<input id="${fieldId(key)}" name="${key}" type="${a.type ?? 'text'}" value="${v.values[key] ?? ''}"${a.autocomplete ? html` autocomplete="${a.autocomplete}"` : ''}${a.inputmode ? html` inputmode="${a.inputmode}"` : ''}${a.pattern ? html` pattern="${a.pattern}"` : ''} maxlength="${a.maxlength ?? 200}"${a.caps ? html` autocapitalize="characters" spellcheck="false"` : ''}${browserOptional.has(key) ? '' : html` required aria-required="true"`}${choices.length ? html` list="list-${key}"` : ''} aria-describedby="${describedBy(key, Boolean(hint))}"${err ? html` aria-invalid="true"` : ''}>
${choices.length ? html`<datalist id="list-${key}">${choices.map((c) => html`<option value="${c.value}">${c.label}</option>`)}</datalist>` : ''}
<p class="error" id="err-${key}" role="status">${err ? err[v.lang] : ''}</p>
${key === 'vatNumber' && v.askSameVat ? html`<label class="radio"><input type="checkbox" name="confirmSameVat" value="yes" data-testid="confirm-same-vat"> <span>${s.sameVatConfirm}</span></label>` : ''}
</div>`;
}

function legalFormField(v: CheckoutView, label: string): SafeHtml {
  const s = pageStrings[v.lang];
  const err = v.errors.legalForm;
  return html`<div class="field">
<label for="${fieldId('legalForm')}">${label} *</label>
<select id="${fieldId('legalForm')}" name="legalForm" required aria-required="true" aria-describedby="err-legalForm"${err ? html` aria-invalid="true"` : ''}>
<option value="">${s.chooseLegalForm}</option>
${legalForms.map((f) => html`<option value="${f.code}"${v.values.legalForm === f.code ? ' selected' : ''}>${f[v.lang]}</option>`)}
</select>
<p class="error" id="err-legalForm" role="status">${err ? err[v.lang] : ''}</p>
</div>`;
}

function errorSummary(v: CheckoutView): SafeHtml | '' {
  const keys = (Object.keys(v.errors) as FormKey[]).filter((k) => v.errors[k]);
  if (!keys.length) return '';
  const s = pageStrings[v.lang];
  const labelOf = (k: FormKey) =>
    k === 'billingEmail' ? s.billingEmail : k === 'paymentMethod' ? s.paymentMethod : companyFields.find((f) => f.key === k)?.label[v.lang] ?? k;
  return html`<div class="summary" id="error-summary" role="alert" tabindex="-1">
<h2>${s.errorSummary(keys.length)}</h2>
<ul>${keys.map((k) => html`<li><a href="#${fieldId(k)}">${labelOf(k)}</a>: ${errorText(v, k)}</li>`)}</ul>
</div>`;
}

export function checkoutBody(v: CheckoutView): SafeHtml {
  const s = pageStrings[v.lang];
  const payErr = v.errors.paymentMethod;
  const billingErr = v.errors.billingEmail;
  const chosen = v.values.paymentMethod ?? v.paymentMethods[0]?.value;
  return html`<h1>${s.checkoutTitle}</h1>
<p>${s.invitedBy(v.partnerName)}</p>
${v.pendingOrder ?? ''}
<p class="muted">${s.whoPays}</p>
<h2>${s.offer}</h2>
<table>
<tr><th scope="row">${s.tier}</th><td class="num">${v.tierLabel}</td></tr>
<tr><th scope="row">${v.productName}</th><td class="num">${v.net}</td></tr>
<tr><th scope="row">${s.vat(v.vatRate)}</th><td class="num">${v.vat}</td></tr>
<tr class="total"><th scope="row">${s.total}</th><td class="num">${v.total}</td></tr>
</table>
<p class="muted">${s.expiresOn(v.expiresOn)}</p>
${errorSummary(v)}
<form method="post" action="${v.action}" id="checkout">
<input type="hidden" name="csrf" value="${v.csrf}">
<input type="hidden" name="lang" value="${v.lang}">
<fieldset>
<legend>${s.companySection}</legend>
<p class="muted">${s.companyHint}</p>
${companyFields.map((f) => (f.key === 'legalForm' ? legalFormField(v, f.label[v.lang]) : textField(v, f.key, f.label[v.lang], f.example, f.optional)))}
</fieldset>
<fieldset>
<legend>${s.billingSection}</legend>
<div class="field">
<label for="${fieldId('billingEmail')}">${s.billingEmail} *</label>
<input id="${fieldId('billingEmail')}" name="billingEmail" type="email" autocomplete="email" maxlength="254" required aria-required="true" value="${v.values.billingEmail ?? ''}" aria-describedby="err-billingEmail"${billingErr ? html` aria-invalid="true"` : ''}>
<p class="error" id="err-billingEmail" role="status">${billingErr ? billingErr[v.lang] : ''}</p>
</div>
<fieldset class="field" id="${fieldId('paymentMethod')}" aria-describedby="err-paymentMethod">
<legend class="sub">${s.paymentMethod} *</legend>
${v.paymentMethods.map(
  (m) => html`<label class="radio"><input type="radio" name="paymentMethod" value="${m.value}"${m.value === chosen ? ' checked' : ''} required> <span>${m.label}</span></label>`,
)}
<p class="error" id="err-paymentMethod" role="status">${payErr ? payErr[v.lang] : ''}</p>
</fieldset>
</fieldset>
${v.privacyNotice ?? ''}
<button type="submit">${s.submit}</button>
</form>`;
}

/**
 * Inline browser validation: the browser's own checks, with our words in the field's error slot
 * (announced, linked by aria-describedby) instead of the browser's bubble in the browser's language.
 * `show` reads `validity.valid`, never `checkValidity()`: that fires `invalid` again, and the listener
 * would call itself until the stack overflows.
 */
export function checkoutScript(lang: PageLang): string {
  const s = pageStrings[lang];
  const msgs = {
    required: s.required,
    email: lang === 'it' ? 'Scrivi un indirizzo email valido, ad esempio nome@dominio.it.' : 'Enter a valid e-mail address, e.g. name@domain.com.',
    cap: lang === 'it' ? 'Il CAP è di 5 cifre.' : 'The postcode (CAP) has 5 digits.',
    piva: lang === 'it' ? 'La Partita IVA ha 11 cifre e l’ultima è una cifra di controllo che qui non corrisponde: controlla di averla digitata bene.' : 'The VAT number (Partita IVA) has 11 digits and the last one is a check digit, which does not match here: check for typos.',
  };
  return `(function(){
var M=${JSON.stringify(msgs).replace(/</g, '\\u003c')};
var form=document.getElementById('checkout');if(!form)return;
function slot(el){return document.getElementById('err-'+el.name);}
function pivaOk(v){v=v.replace(/[\\s.]/g,'').replace(/^IT/i,'');if(!/^[0-9]{11}$/.test(v))return false;var s=0;for(var i=0;i<10;i++){var d=+v[i];if(i%2){d*=2;if(d>9)d-=9;}s+=d;}return (10-s%10)%10===+v[10];}
function custom(el){if(el.name==='vatNumber')el.setCustomValidity(el.value&&!pivaOk(el.value)?M.piva:'');}
function message(el){var v=el.validity;if(v.valueMissing)return M.required;if(v.typeMismatch)return M.email;if(v.patternMismatch&&el.name==='cap')return M.cap;return el.validationMessage;}
function show(el){var s=slot(el);if(!s)return;custom(el);if(el.validity.valid){if(el.getAttribute('aria-invalid')==='true'&&el.dataset.client){el.removeAttribute('aria-invalid');s.textContent='';}return;}
el.setAttribute('aria-invalid','true');el.dataset.client='1';s.textContent=message(el);}
form.addEventListener('invalid',function(e){show(e.target);},true);
form.addEventListener('blur',function(e){var t=e.target;if(t&&t.name&&t.value!==undefined&&t.type!=='radio'&&(t.value||t.dataset.client))show(t);},true);
form.addEventListener('input',function(e){var t=e.target;if(t&&t.name==='vatNumber')custom(t);if(t&&t.dataset&&t.dataset.client)show(t);});
var summary=document.getElementById('error-summary');if(summary)summary.focus();
})();`;
}
