// Decoder for Stripe's form encoding, as stripe-node writes it: nested keys in brackets
// (`line_items[0][price_data][product_data][name]`, `metadata[order_id]`), arrays as indexed keys
// (`payment_method_types[0]`) or `expand[]`. Our own ~40 lines rather than relying on `qs` being
// hoisted into node_modules as a transitive dependency of express.

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

const UNSAFE = new Set(['__proto__', 'prototype', 'constructor']);

/** `a[b][0]` → ['a', 'b', '0']; a key that is not bracket syntax is taken literally. */
function pathOf(key: string): string[] {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!m) return [key];
  return [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]!)];
}

export function decodeForm(body: string): FormObject {
  const root: FormObject = Object.create(null) as FormObject;
  for (const [key, value] of new URLSearchParams(body)) {
    const path = pathOf(key);
    if (path.some((seg) => UNSAFE.has(seg))) continue;
    let node = root;
    path.forEach((seg, i) => {
      const name = seg === '' ? String(Object.keys(node).length) : seg; // `expand[]` appends
      if (i === path.length - 1) {
        node[name] = value;
        return;
      }
      const child = node[name];
      node = child && typeof child === 'object' && !Array.isArray(child) ? child : (node[name] = Object.create(null) as FormObject);
    });
  }
  return arrayify(root) as FormObject;
}

/** Objects whose keys are exactly 0..n-1 become arrays, recursively; everything becomes a plain object. */
function arrayify(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted = keys.map((k) => arrayify(value[k]!));
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return converted;
  const out: FormObject = {};
  keys.forEach((k, i) => (out[k] = converted[i]!));
  return out;
}

/** Key-order-independent serialisation, to compare the parameters of two idempotent requests. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
