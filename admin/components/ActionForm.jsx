/*
 * One form for every custom back-office action: the server describes the fields (GET), the person fills
 * them, confirms, and the server runs the core use case (POST) once — the idempotency key is drawn when
 * the form opens, so a double click or a resubmission is recognised by the server and done once.
 */
import React, { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { ApiClient } from 'adminjs';
import { Box, Button, Text, MessageBox, Label, Input, TextArea } from '@adminjs/design-system';

const api = new ApiClient();
const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

function call({ resource, record, action, data }) {
  const base = { resourceId: resource.id, actionName: action.name, data };
  return record ? api.recordAction({ ...base, recordId: record.id }) : api.resourceAction(base);
}

function Field({ field, value, onChange }) {
  const id = `field-${field.name}`;
  const common = { id, name: field.name, 'data-testid': id };
  let input;
  if (field.type === 'textarea') input = <TextArea {...common} width={1} rows={4} value={value ?? ''} onChange={(e) => onChange(e.target.value)} />;
  else if (field.type === 'select')
    input = (
      <select {...common} value={value ?? ''} onChange={(e) => onChange(e.target.value)} style={{ padding: 8, minWidth: 240 }}>
        {(field.options || []).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    );
  else if (field.type === 'checkbox') input = <input type="checkbox" {...common} checked={value === 'true'} onChange={(e) => onChange(e.target.checked ? 'true' : 'false')} />;
  else if (field.type === 'file') input = <input type="file" {...common} onChange={(e) => onChange(e.target.files[0])} />;
  else if (field.type === 'allocations')
    input = (
      <table data-testid="allocations" style={{ borderCollapse: 'collapse', width: '100%' }}>
        <thead><tr><th align="left">Ordine</th><th align="left">Cliente</th><th align="right">Da pagare</th><th align="left">Perché</th><th align="left">Importo €</th></tr></thead>
        <tbody>
          {(field.suggestions || []).map((s) => (
            <tr key={s.orderId} data-testid={`suggestion-${s.orderId}`}>
              <td>{s.label}</td><td>{s.buyerName}</td><td align="right">{s.remaining}</td><td>{s.reasons}</td>
              <td><Input data-testid={`alloc-${s.orderId}`} value={(value || {})[s.orderId] ?? ''} onChange={(e) => onChange({ ...(value || {}), [s.orderId]: e.target.value })} /></td>
            </tr>
          ))}
          <tr>
            <td colSpan={4}><Input placeholder="n. ordine o causale" data-testid="alloc-other-ref" value={(value || {}).otherRef ?? ''} onChange={(e) => onChange({ ...(value || {}), otherRef: e.target.value })} /></td>
            <td><Input data-testid="alloc-other-amount" value={(value || {}).otherAmount ?? ''} onChange={(e) => onChange({ ...(value || {}), otherAmount: e.target.value })} /></td>
          </tr>
        </tbody>
      </table>
    );
  else input = <Input {...common} type={field.type === 'date' ? 'date' : 'text'} width={1} value={value ?? ''} onChange={(e) => onChange(e.target.value)} />;
  return (
    <Box mb="lg">
      <Label htmlFor={id} required={field.required}>{field.label}</Label>
      {input}
      {field.help ? <Text variant="sm" color="grey60">{field.help}</Text> : null}
    </Box>
  );
}

/**
 * A file the server sent as text (e.g. a JSON export), as a download link. Rendered into <body>, outside
 * AdminJS's root, whose click handling keeps a link inside it from being followed.
 */
function DownloadLink({ file }) {
  const href = `data:${file.mime};charset=utf-8,${encodeURIComponent(file.content)}`;
  return createPortal(
    <a href={href} download={file.fileName} data-testid="action-result-download" style={{ position: 'fixed', right: 24, bottom: 24, padding: '10px 16px', background: '#3040d6', color: '#fff', borderRadius: 4, zIndex: 1000 }}>{file.label}</a>,
    document.body,
  );
}

export default function ActionForm(props) {
  const { resource, record, action } = props;
  const [form, setForm] = useState(null);
  const [values, setValues] = useState({});
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(null);
  const key = useMemo(newKey, []);

  useEffect(() => {
    call({ resource, record, action }).then((res) => {
      const f = res.data.form;
      setForm(f);
      const initial = {};
      for (const field of f.fields || []) {
        if (field.default === undefined) continue;
        // the allocations table holds an object; the server sends its default as JSON text
        initial[field.name] = field.type === 'allocations' && typeof field.default === 'string' ? JSON.parse(field.default) : field.default;
      }
      setValues(initial);
    });
  }, [resource.id, record && record.id, action.name]);

  if (!form) return <Box variant="white"><Text>…</Text></Box>;

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    const data = new FormData();
    data.append('idempotencyKey', key);
    for (const [name, v] of Object.entries(values)) {
      if (v instanceof File) data.append(name, v);
      else if (v && typeof v === 'object') data.append(name, JSON.stringify(v));
      else if (v !== undefined && v !== null) data.append(name, String(v));
    }
    try {
      const res = await call({ resource, record, action, data });
      setResult(res.data.result || { type: 'info', message: (res.data.notice || {}).message });
    } catch (e) {
      setResult({ type: 'error', message: String(e && e.message ? e.message : e) });
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <Box variant="white" data-testid="action-form">
      {form.intro ? <Text mb="lg" data-testid="action-intro">{form.intro}</Text> : null}
      {(form.facts || []).length ? (
        <Box mb="xl" as="dl" data-testid="action-facts">
          {form.facts.map((f) => (
            <Box key={f.label} flex mb="sm"><Text fontWeight="bold" width={220}>{f.label}</Text><Text>{f.value}</Text></Box>
          ))}
        </Box>
      ) : null}
      {form.disabledReason ? <MessageBox variant="info" message={form.disabledReason} data-testid="action-disabled" /> : null}
      {result ? (
        <Box data-testid="action-result" data-result-type={result.type} mb="xl">
          <MessageBox variant={result.type === 'error' ? 'danger' : result.type === 'info' ? 'info' : 'success'} message={result.message} />
          {(result.lines || []).map((l, i) => <Text key={i} mt="sm" data-testid="action-result-line">{l}</Text>)}
          {result.html ? <iframe title="anteprima" sandbox="" srcDoc={result.html} style={{ width: '100%', height: 600, border: '1px solid #ddd', marginTop: 12 }} /> : null}
          {result.link ? <Box mt="lg"><a href={result.link.href} data-testid="action-result-link">{result.link.label}</a></Box> : null}
          {result.download ? <Box mt="lg"><DownloadLink file={result.download} /></Box> : null}
        </Box>
      ) : null}
      {!form.disabledReason && !(result && result.type !== 'error') ? (
        <Box>
          {(form.fields || []).map((f) => <Field key={f.name} field={f} value={values[f.name]} onChange={(v) => setValues({ ...values, [f.name]: v })} />)}
          {confirming ? (
            <Box data-testid="action-confirm-box">
              <MessageBox variant="warning" message={form.confirm || 'Confermi?'} />
              <Box mt="lg">
                <Button variant="contained" color="danger" disabled={busy} onClick={submit} data-testid="action-confirm" mr="md">Sì, procedi</Button>
                <Button variant="outlined" disabled={busy} onClick={() => setConfirming(false)} data-testid="action-cancel">Annulla</Button>
              </Box>
            </Box>
          ) : (
            <Button variant="contained" onClick={() => setConfirming(true)} data-testid="action-submit">{form.submitLabel || 'Esegui'}</Button>
          )}
        </Box>
      ) : null}
    </Box>
  );
}
