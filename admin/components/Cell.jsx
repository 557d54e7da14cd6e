/*
 * How a value reads in lists and detail pages (chosen per property by admin/resources/define-resource.ts
 * through `custom.view`): stored values as Italian words on a badge coloured by meaning, euro amounts
 * right-aligned on one line, compact dates in Italian time, long texts clipped with the whole text on hover.
 */
import React from 'react';
import { useTranslation } from 'adminjs';
import { Badge, ValueGroup } from '@adminjs/design-system';

const ROME = 'Europe/Rome';
const dateTime = new Intl.DateTimeFormat('it-IT', { timeZone: ROME, day: '2-digit', month: '2-digit', year: '2-digit', hour: '2-digit', minute: '2-digit' });
const dateOnly = new Intl.DateTimeFormat('it-IT', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });

function formatDate(raw, withTime) {
  if (!raw) return '';
  const d = new Date(withTime || String(raw).length > 10 ? raw : `${raw}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return String(raw);
  return (withTime ? dateTime : dateOnly).format(d).replace(',', '');
}

export default function Cell(props) {
  const { translateProperty } = useTranslation();
  const { property, where } = props;
  const value = <Value {...props} />;
  // On the detail page a custom component draws its own label, as AdminJS's default one does.
  return where === 'show' ? <ValueGroup label={translateProperty(property.label, property.resourceId)}>{value}</ValueGroup> : value;
}

function Value({ property, record, resource, where }) {
  const { tl } = useTranslation();
  const raw = record?.params?.[property.path];
  const custom = property.custom || {};
  const inShow = where === 'show';
  const wrap = (content, style = {}, extra = {}) => (
    <span data-testid={`cell-${property.path}`} style={{ whiteSpace: 'nowrap', ...style }} {...extra}>{content}</span>
  );
  if (raw === undefined || raw === null || raw === '') return inShow ? wrap('—') : null;
  switch (custom.view) {
    case 'badge': {
      const label = tl(`${property.path}.${raw}`, resource.id, { defaultValue: String(raw) });
      return <Badge data-testid={`badge-${property.path}`} data-value={String(raw)} variant={(custom.tones || {})[raw] || 'default'} size="sm" style={{ whiteSpace: 'nowrap' }}>{label}</Badge>;
    }
    case 'money':
      return wrap(raw, { display: 'block', textAlign: inShow ? 'left' : 'right', fontVariantNumeric: 'tabular-nums' });
    case 'datetime':
    case 'date':
      return wrap(formatDate(raw, custom.view === 'datetime'), { fontVariantNumeric: 'tabular-nums' }, { title: String(raw) });
    case 'clip':
      return inShow
        ? <span style={{ whiteSpace: 'pre-wrap' }}>{String(raw)}</span>
        : wrap(String(raw), { display: 'inline-block', maxWidth: 280, overflow: 'hidden', textOverflow: 'ellipsis', verticalAlign: 'bottom' }, { title: String(raw) });
    default:
      return wrap(String(raw));
  }
}
