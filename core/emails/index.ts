/** Public surface of the email module: what use cases, the worker and the composition root import. */
export { emailNames, emailSchemas, langs, linkPath } from './email-data.js';
export type { EmailData, EmailName, Lang, RenderedEmail, VendorInfo } from './email-data.js';
export { formatEuro } from '../shared/money.js';
export { createEmailRenderer, DEFAULT_PRODUCT_NAME, EmailTemplateError } from './renderer.js';
export type { EmailRenderer, EmailRendererOptions } from './renderer.js';
export { isPermanentMailError, MailSendError } from './mailer.js';
export type { Mailer, OutgoingEmail } from './mailer.js';
export { findTemplatesDir } from './templates-dir.js';
