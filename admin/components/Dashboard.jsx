/*
 * The dashboard: figures that need attention, each a link to its filtered list, and the charts
 * (sales, transfers waiting, provisioning, failures) whose bars open the lists they count. The
 * figures and charts come from admin/dashboard.ts.
 */
import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, H2, Text } from '@adminjs/design-system';
import Chart from './Chart.jsx';

const api = new ApiClient();

export default function Dashboard() {
  const [data, setData] = useState(null);
  useEffect(() => {
    api.getDashboard().then((res) => setData(res.data));
  }, []);
  if (!data) return <Box p="xl"><Text>…</Text></Box>;
  return (
    <Box p="xl" data-testid="dashboard">
      <H2>Cruscotto</H2>
      <Box flex flexWrap="wrap">
        {data.figures.map((f) => (
          <a key={f.key} href={f.href} data-testid={`figure-${f.key}`} style={{ textDecoration: 'none', color: 'inherit' }}>
            <Box variant="white" m="md" p="lg" width={240} style={{ borderLeft: `4px solid ${f.alert ? '#c20012' : '#3040d6'}` }}>
              <Text variant="sm">{f.label}</Text>
              <Text fontSize={32} fontWeight="bold" data-testid={`figure-${f.key}-value`}>{f.value}</Text>
              {f.sub ? <Text variant="sm" style={{ whiteSpace: 'nowrap' }}>{f.sub}</Text> : null}
            </Box>
          </a>
        ))}
      </Box>
      <Box flex flexWrap="wrap" data-testid="charts">
        {(data.charts || []).map((c) => <Chart key={c.key} spec={c} wide={c.key === 'sales'} height={c.key === 'sales' ? 320 : 240} />)}
      </Box>
    </Box>
  );
}
