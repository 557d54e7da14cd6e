// Shapes of the Bot API objects the fake produces. Only the fields our bot and telegraf read are modelled;
// names and nesting follow https://core.telegram.org/bots/api so that recorded objects can be compared with
// what the real API would return.

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** A person driving the conversation from a test (the fake fills in `is_bot: false`). */
export interface FakeUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TgChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  first_name?: string;
  last_name?: string;
  username?: string;
}

export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
}

export interface InlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [other: string]: unknown;
}

export type KeyboardButton = string | { text: string; [other: string]: unknown };

export type ReplyMarkup =
  | { inline_keyboard: InlineKeyboardButton[][] }
  | { keyboard: KeyboardButton[][]; [option: string]: unknown }
  | { remove_keyboard: true; selective?: boolean }
  | { force_reply: true; [option: string]: unknown };

export interface TgDocument {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

export interface TgPhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

export interface TgMessage {
  message_id: number;
  from?: TgUser;
  chat: TgChat;
  date: number;
  edit_date?: number;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  caption_entities?: MessageEntity[];
  document?: TgDocument;
  photo?: TgPhotoSize[];
  /** The real API echoes only inline keyboards (reply keyboards live on the client). */
  reply_markup?: { inline_keyboard: InlineKeyboardButton[][] };
}

export interface TgCallbackQuery {
  id: string;
  from: TgUser;
  message?: TgMessage;
  chat_instance: string;
  data?: string;
}

export interface Update {
  update_id: number;
  message?: TgMessage;
  edited_message?: TgMessage;
  callback_query?: TgCallbackQuery;
  [other: string]: unknown;
}

/** One thing the bot did to a chat, as recorded by the fake (what `sent()` returns). */
export interface SentMessage {
  /** Position in the fake's history; strictly increasing, usable as a `since` cursor. */
  seq: number;
  /** Date.now() when the call was handled. */
  at: number;
  method: string;
  chat_id: number;
  message_id?: number;
  /** Text as the user sees it: HTML / MarkdownV2 markup already turned into entities (like the real API). */
  text?: string;
  /** Text exactly as the bot sent it (with markup), handy when a test checks escaping. */
  raw_text?: string;
  parse_mode?: string;
  entities?: MessageEntity[];
  caption?: string;
  reply_markup?: ReplyMarkup;
  /** sendChatAction's action, sendDocument's file name, … */
  action?: string;
  file_name?: string;
  /** The resulting Message object (absent for deleteMessage / sendChatAction). */
  message?: TgMessage;
}

export interface CallbackAnswer {
  callback_query_id: string;
  text?: string;
  show_alert?: boolean;
  url?: string;
  at: number;
}

/** Any API call the fake received (successful or not), in arrival order. */
export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  ok: boolean;
  error_code?: number;
  description?: string;
  at: number;
}

export interface InjectedError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface WebhookDelivery {
  update_id: number;
  url: string;
  attempt: number;
  status?: number;
  error?: string;
  at: number;
}
