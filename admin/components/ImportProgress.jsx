/*
 * A statement import's page: while the worker imports (queued or running), its phase and counts are
 * read again every 2 seconds and shown as they change; when it ends, the page reloads once so that
 * every field shows the outcome. Nothing to do for an import already done or refused.
 */
import React, { useEffect, useState } from 'react';
import { ApiClient, useTranslation } from 'adminjs';
import { ValueGroup, Text } from '@adminjs/design-system';

const api = new ApiClient();
const LIVE = ['queued', 'running'];
const COUNTS = [['linesRead', 'righe lette'], ['newLines', 'nuove'], ['duplicates', 'già importate'], ['matched', 'pagate'], ['toReview', 'da abbinare'], ['held', 'possibili doppioni']];

export default function ImportProgress({ record, resource, property }) {
  const { translateProperty } = useTranslation();
  const [params, setParams] = useState(record.params);
  useEffect(() => {
    if (!LIVE.includes(record.params.status)) return undefined;
    const timer = setInterval(async () => {
      try {
        const res = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: 'show', method: 'get' });
        const next = res.data.record.params;
        setParams(next);
        if (!LIVE.includes(next.status)) {
          clearInterval(timer);
          window.location.reload();
        }
      } catch {
        // a missed beat: the next one tries again
      }
    }, 2000);
    return () => clearInterval(timer);
  }, [record.id]);
  const live = LIVE.includes(params.status);
  const counts = COUNTS.filter(([k]) => Number(params[k]) > 0).map(([k, label]) => `${Number(params[k]).toLocaleString('it-IT')} ${label}`).join(' · ');
  return (
    <ValueGroup label={translateProperty(property.label, resource.id)}>
      <Text data-testid="import-progress">
        {params.phase ?? '—'}
        {live && counts ? ` — ${counts}` : ''}
        {live ? ' (si aggiorna da solo)' : ''}
      </Text>
    </ValueGroup>
  );
}
