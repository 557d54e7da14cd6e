/* "Esporta CSV": the list's current filters, then the file (built by the server, saved by the browser). */
import React, { useState } from 'react';
import { ApiClient, useTranslation } from 'adminjs';
import { Box, Button, MessageBox, Text } from '@adminjs/design-system';

const api = new ApiClient();

export default function ExportCsv({ resource, action }) {
  const { translateProperty, translateLabel } = useTranslation();
  const [state, setState] = useState({ busy: false, done: null, error: null });
  const query = Object.fromEntries(new URLSearchParams(window.location.search));
  const filters = Object.entries(query).filter(([k, v]) => k.startsWith('filters.') && v);
  const listHref = `${window.location.pathname.replace(/\/actions\/[^/]+$/, '')}${window.location.search}`;

  async function run() {
    setState({ busy: true, done: null, error: null });
    try {
      const res = await api.resourceAction({ resourceId: resource.id, actionName: action.name, data: {}, params: query });
      const { csv, fileName, rows } = res.data;
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ busy: false, done: `${rows} righe esportate in ${fileName}`, error: null });
    } catch (e) {
      const message = e?.response?.data?.notice?.message || e?.response?.data?.message || 'Esportazione non riuscita';
      setState({ busy: false, done: null, error: message });
    }
  }

  return (
    <Box variant="white" p="xl" data-testid="export-csv">
      <Text mb="lg">
        File CSV per Excel (separatore “;”, importi con la virgola) con le righe di {translateLabel(resource.id)} che l’elenco mostra con i filtri scelti.
      </Text>
      {filters.length ? (
        <ul data-testid="export-filters">
          {filters.map(([k, v]) => (
            <li key={k}>{translateProperty(k.replace(/^filters\./, '').replace(/~~.*$/, ''), resource.id)}{/~~from$/.test(k) ? ' dal' : /~~to$/.test(k) ? ' al' : ''}: {v}</li>
          ))}
        </ul>
      ) : <Text mb="lg">Nessun filtro: tutte le righe.</Text>}
      {state.error ? <MessageBox my="lg" variant="danger" message={state.error} data-testid="export-error" /> : null}
      {state.done ? <MessageBox my="lg" variant="success" message={state.done} data-testid="export-done" /> : null}
      <Button variant="contained" onClick={run} disabled={state.busy} data-testid="export-run">Scarica il CSV</Button>
      <Button as="a" href={listHref} ml="default" variant="text">Torna all’elenco</Button>
    </Box>
  );
}
