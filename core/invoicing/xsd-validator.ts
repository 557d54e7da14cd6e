/**
 * Schema validation in-process with libxml2 compiled to WebAssembly (`libxml2-wasm`): no native build,
 * and unlike a command-line wrapper the schema is compiled once per process and kept, so each document
 * costs only its own validation (`npm run bench -- invoices` prints the figure). The schemas are the
 * official ones shipped in ./schemas (the xmldsig import resolved beside them through libxml2's file input).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmlDocument, XsdValidator, XmlValidateError, XmlParseError } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';

const here = dirname(fileURLToPath(import.meta.url));
/** Beside this file in the sources; compiled runs read the same folder of the deployed sources. */
const schemasDir = [join(here, 'schemas'), join(here, '..', '..', '..', 'core', 'invoicing', 'schemas')].find((d) => {
  try {
    readFileSync(join(d, 'README.md'));
    return true;
  } catch {
    return false;
  }
})!;

export const INVOICE_SCHEMA = 'Schema_del_file_xml_FatturaPA_v1.2.2.xsd';
export const RECEIPTS_SCHEMA = 'MessaggiTypes_v1.1.xsd';
export const schemaPath = (name: string) => join(schemasDir, name);

export interface SchemaError {
  message: string;
  line?: number;
}

let registered = false;
const validators = new Map<string, XsdValidator>();

function validatorFor(name: string): XsdValidator {
  let v = validators.get(name);
  if (!v) {
    if (!registered) registered = xmlRegisterFsInputProviders() || true;
    const path = schemaPath(name);
    const schemaDoc = XmlDocument.fromBuffer(readFileSync(path), { url: path });
    try {
      v = XsdValidator.fromDoc(schemaDoc);
    } finally {
      schemaDoc.dispose();
    }
    validators.set(name, v);
  }
  return v;
}

/** The schema's complaints about `xml`, none when valid. */
export function validateAgainstSchema(xml: string, schema = INVOICE_SCHEMA): SchemaError[] {
  const validator = validatorFor(schema);
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromString(xml);
  } catch (e) {
    if (e instanceof XmlParseError) return e.details.map((d) => ({ message: d.message.trim(), line: d.line }));
    throw e;
  }
  try {
    validator.validate(doc);
    return [];
  } catch (e) {
    if (e instanceof XmlValidateError) return e.details.map((d) => ({ message: d.message.trim(), line: d.line }));
    throw e;
  } finally {
    doc.dispose();
  }
}
