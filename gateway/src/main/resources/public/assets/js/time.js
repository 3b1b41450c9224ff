// Times the page shows. Countdowns run against the server's clock: an answer's serverTime and the
// deadline give the time left, which is then counted down on this machine's monotonic clock from
// the moment the answer arrived, so a browser whose clock is wrong still shows the right time.

/** A deadline on performance.now()'s scale, from a server deadline and the server's time. */
export function localDeadline(expiresAt, serverTime) {
  return performance.now() + (Date.parse(expiresAt) - Date.parse(serverTime));
}

export function mmss(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function timeLeft(iso, now = Date.now()) {
  if (!iso) return 'no deadline yet';
  const ms = Date.parse(iso) - now;
  if (ms <= 0) return 'ended';
  const days = Math.floor(ms / 86400000);
  const hours = Math.floor(ms / 3600000) % 24;
  if (days > 0) return `${days} d ${hours} h left`;
  return `${hours} h ${Math.floor(ms / 60000) % 60} min left`;
}

export function dateTime(iso) {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

export function date(iso) {
  return iso ? new Date(iso.length === 10 ? iso + 'T00:00:00Z' : iso).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' }) : '';
}
