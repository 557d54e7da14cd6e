// Text rendering of a bot message for the terminal console (`npm run bot:console`), and button lookup so
// the console (and tests) can "tap" a button by its number or label.
import type { ReplyMarkup, TgMessage } from './types.js';

export type ButtonAction = { data: string } | { url: string } | { text: string };

/** Anything carrying a text and a keyboard: a recorded SentMessage or a Message object. */
export interface RenderableMessage {
  text?: string;
  caption?: string;
  reply_markup?: ReplyMarkup | TgMessage['reply_markup'];
  file_name?: string;
  method?: string;
}

export interface ListedButton {
  /** 1-based, in reading order (row by row). */
  index: number;
  row: number;
  label: string;
  action: ButtonAction;
}

export function listButtons(msg: RenderableMessage): ListedButton[] {
  const markup = msg.reply_markup as Record<string, unknown> | undefined;
  const out: ListedButton[] = [];
  const inline = markup?.inline_keyboard as { text: string; callback_data?: string; url?: string }[][] | undefined;
  const reply = markup?.keyboard as (string | { text: string })[][] | undefined;
  if (inline) {
    inline.forEach((row, r) =>
      row.forEach((b) => {
        // Buttons other than callback/url (web_app, pay, …) are listed with no action the console can take.
        const action: ButtonAction = b.callback_data !== undefined ? { data: b.callback_data } : { url: b.url ?? '' };
        out.push({ index: out.length + 1, row: r, label: b.text, action });
      }),
    );
  } else if (reply) {
    // A reply-keyboard button just sends its label as a message.
    reply.forEach((row, r) =>
      row.forEach((b) => {
        const label = typeof b === 'string' ? b : b.text;
        out.push({ index: out.length + 1, row: r, label, action: { text: label } });
      }),
    );
  }
  return out;
}

/** Message text followed by its buttons, one keyboard row per line: `[1] Acquista  [2] I miei coupon`. */
export function renderForTerminal(msg: RenderableMessage): string {
  const lines: string[] = [];
  const body = msg.text ?? msg.caption;
  if (msg.file_name) lines.push(`📎 ${msg.file_name}`);
  if (body !== undefined) lines.push(body);
  const rows = new Map<number, string[]>();
  for (const b of listButtons(msg)) {
    const cell = 'url' in b.action ? `[${b.index}] ${b.label} ↗ ${b.action.url}` : `[${b.index}] ${b.label}`;
    rows.set(b.row, [...(rows.get(b.row) ?? []), cell]);
  }
  for (const cells of rows.values()) lines.push(cells.join('  '));
  return lines.join('\n');
}

export function buttonByIndex(msg: RenderableMessage, n: number): ButtonAction | undefined {
  return listButtons(msg).find((b) => b.index === n)?.action;
}

/** Exact label first, then a case-insensitive substring (labels often carry emoji). */
export function buttonByLabel(msg: RenderableMessage, label: string): ButtonAction | undefined {
  const buttons = listButtons(msg);
  const wanted = label.toLowerCase();
  return (
    buttons.find((b) => b.label === label) ?? buttons.find((b) => b.label.toLowerCase().includes(wanted))
  )?.action;
}
