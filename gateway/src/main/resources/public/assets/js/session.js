// The signed-in person: a bearer token in localStorage and the claims read from it. In local mode
// the page signs in demo users through the dev token endpoint; elsewhere a token comes from the
// platform's identity provider and is stored the same way.

const KEY = 'crowdfund.token';
const listeners = new Set();

export function token() {
  return localStorage.getItem(KEY);
}

export function claims() {
  const t = token();
  if (!t) return null;
  try {
    const payload = JSON.parse(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    if (payload.exp * 1000 < Date.now()) {
      localStorage.removeItem(KEY);
      return null;
    }
    return payload;
  } catch (e) {
    return null;
  }
}

export const signedIn = () => claims() != null;
export const subject = () => claims()?.sub ?? null;
export const has = (role) => (claims()?.roles || []).includes(role);
export const isCreator = () => has('creator') || has('admin');

export function setToken(value) {
  if (value) localStorage.setItem(KEY, value); else localStorage.removeItem(KEY);
  listeners.forEach((fn) => fn());
}

export function onChange(fn) {
  listeners.add(fn);
}
