/** The seller of every invoice (CedentePrestatore), from configuration: production refuses to start without it. */
import type { AppConfig } from '../config.js';

export interface Seller {
  vatNumber: string;
  taxCode: string;
  legalName: string;
  regimeFiscale: string;
  street: string;
  cap: string;
  city: string;
  province: string;
  rea: { office: string; number: string; shareCapitalCents?: number; soleShareholder?: 'SU' | 'SM'; liquidation: 'LN' | 'LS' } | null;
  email: string;
  iban: string;
  bankName: string;
}

const digits = (s: string) => s.replace(/^IT/i, '').replace(/\D/g, '');

export function sellerFromConfig(c: AppConfig): Seller {
  return {
    vatNumber: digits(c.VENDOR_VAT),
    taxCode: c.VENDOR_TAX_CODE.replace(/\s/g, '').toUpperCase(),
    legalName: c.VENDOR_NAME,
    regimeFiscale: c.VENDOR_REGIME_FISCALE,
    street: c.VENDOR_STREET,
    cap: c.VENDOR_CAP,
    city: c.VENDOR_CITY,
    province: c.VENDOR_PROVINCE,
    rea:
      c.VENDOR_REA_OFFICE && c.VENDOR_REA_NUMBER
        ? { office: c.VENDOR_REA_OFFICE, number: c.VENDOR_REA_NUMBER, shareCapitalCents: c.VENDOR_SHARE_CAPITAL_CENTS, soleShareholder: c.VENDOR_SOLE_SHAREHOLDER, liquidation: c.VENDOR_LIQUIDATION }
        : null,
    email: c.SUPPORT_EMAIL,
    iban: c.BANK_IBAN.replace(/\s/g, '').toUpperCase(),
    bankName: c.BANK_BENEFICIARY,
  };
}
