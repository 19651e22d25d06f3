import type { Channel } from '../core/api';
import { classifyChannel } from '../core/monitor';
import { channelForOutput, errorsCell } from './channel-format';
import { formatTable } from './table';
import { colourHealth, type TerminalInfo } from './terminal';

export interface ListTableOptions {
  showSecrets: boolean;
  /** Every column, nothing shortened, whatever the terminal's width. */
  wide: boolean;
  terminal: TerminalInfo;
}

interface Column {
  header: string;
  cells: string[];
}

/** The narrowest a shortened URL gets: scheme and most of a host still readable. */
const MIN_URL_WIDTH = 20;
const GAP = 2;

function widthOf(columns: Column[]): number {
  return columns.reduce(
    (sum, column) => sum + Math.max(column.header.length, ...column.cells.map((cell) => cell.length)) + GAP,
    -GAP,
  );
}

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function list(values: string[]): string {
  return values.length === 0 ? '-' : values.join(',');
}

/**
 * Fits the table in `width`: first the errors' last dates go, then the masked secret keys, then
 * URLs are cut with an ellipsis. The request id is never cut: it is what other commands take.
 */
function fitted(channels: Channel[], columns: Column[], width: number): Column[] {
  let fitting = columns;
  if (widthOf(fitting) > width) {
    const counts = channels.map((channel) => String(channel.errorCount));
    fitting = fitting.map((column) => (column.header === 'ERRORS' ? { ...column, cells: counts } : column));
  }
  if (widthOf(fitting) > width) fitting = fitting.filter((column) => column.header !== 'SECRET KEY');
  const url = fitting.at(-1)!;
  const room = Math.max(MIN_URL_WIDTH, width - widthOf(fitting.slice(0, -1)) - GAP);
  return [...fitting.slice(0, -1), { ...url, cells: url.cells.map((cell) => shorten(cell, room)) }];
}

/** The human table of `list`: health, errors, request id, secret, URL (last: the one to shorten). */
export function listTable(channels: Channel[], options: ListTableOptions): string {
  if (channels.length === 0) return 'No webhook subscriptions.';
  const healths = channels.map(classifyChannel);
  const columns: Column[] = [
    { header: 'HEALTH', cells: healths },
    { header: 'ERRORS', cells: channels.map(errorsCell) },
    { header: 'REQUEST ID', cells: channels.map((channel) => channel.requestId) },
    {
      header: 'SECRET KEY',
      cells: channels.map((channel) => channelForOutput(channel, options.showSecrets).secretKey),
    },
    ...(options.wide
      ? [
          { header: 'EVENTS', cells: channels.map((channel) => list(channel.notificationEventTypes)) },
          { header: 'SERVICES', cells: channels.map((channel) => list(channel.notificationServiceTypes)) },
        ]
      : []),
    { header: 'URL', cells: channels.map((channel) => channel.url) },
  ];
  const { width, colour } = options.terminal;
  const shown = options.wide || width === undefined ? columns : fitted(channels, columns, width);
  return formatTable(
    shown.map((column) => column.header),
    channels.map((_, row) => shown.map((column) => column.cells[row]!)),
    colour ? (row, col, cell) => (col === 0 ? colourHealth(healths[row]!, cell) : cell) : undefined,
  );
}
