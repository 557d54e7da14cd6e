/** Italian validation shared by the Telegram bot, the web checkout and the back-office. */
export { type Check, type FieldError, fail, ok } from './result.js';
export { isValidOfficeCode, piCheckDigit, validatePartitaIva } from './partita-iva.js';
export {
  cfCheckChar,
  decodeOmocodia,
  maskTaxCode,
  validateCodiceFiscaleAzienda,
  validateCodiceFiscalePersona,
} from './codice-fiscale.js';
export { validateCap } from './cap.js';
export { findProvince, type Province, provinces, validateProvincia } from './province.js';
export { type AtecoEntry, findAteco, searchAteco, validateAteco } from './ateco.js';
export { validateEmail, validatePec } from './email.js';
export { SDI_VIA_PEC, validateSdi } from './sdi.js';
export { formatIban, IBAN_LENGTHS, validateIban } from './iban.js';
export { validatePhone } from './phone.js';
export { type TextRules, validateRequiredText } from './text.js';
export { isCompany, isIndividual, type LegalForm, legalForms, validateLegalForm } from './legal-form.js';
export { type CompanyData, type CompanyField, companyField, companyFields, validateCompanyData } from './company-data.js';
