/* A partner's detail page: its paid purchases per month as a chart, each bar opening that month's orders (admin/charts.ts). */
import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Text } from '@adminjs/design-system';
import Chart from './Chart.jsx';

const api = new ApiClient();

export default function PartnerPurchases({ record, resource }) {
  const [spec, setSpec] = useState(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: 'purchases', method: 'get' })
      .then((res) => setSpec(res.data.chart))
      .catch(() => setFailed(true));
  }, [record.id]);
  if (failed) return <Text>Acquisti non disponibili</Text>;
  if (!spec) return <Text>…</Text>;
  return <Chart spec={spec} height={220} />;
}
