// DOM building blocks shared by the views. Text is always inserted as text, never as HTML, and no
// element gets a style attribute or an inline handler: the Content-Security-Policy allows neither.

/** An element from a tag, attributes (on* keys become listeners) and children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v == null) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child != null && child !== false) el.append(child instanceof Node ? child : String(child));
  }
}

let ids = 0;
export const uniqueId = (prefix) => `${prefix}-${++ids}`;

/** A problem as people read it: the fields to fix, or what happened (with its code for support). */
export function problemBox(error) {
  const p = error?.problem;
  if (p?.errors?.length) {
    return h('div', { class: 'problem', role: 'alert' }, 'Please check:',
      h('ul', {}, p.errors.map((e) => h('li', {}, `${e.field}: ${e.message}`))));
  }
  return h('div', { class: 'problem', role: 'alert', 'data-code': p?.code },
    error?.message || String(error), p?.code ? h('span', { class: 'meta' }, ` (${p.code})`) : null);
}

/** A labelled input: the label wraps its control, and a hint is tied to it by aria-describedby. */
export function field(label, control, hint) {
  const hintId = hint ? uniqueId('hint') : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('label', {}, h('span', {}, label), control, hint ? h('span', { class: 'meta', id: hintId }, hint) : null);
}

/**
 * A form whose submit runs `action(values, form)`. While it runs the button is disabled (no double
 * submit); a problem is shown above the button and focused so a screen reader reads it.
 */
export function form(fields, label, action, attrs = {}) {
  const status = h('div', { class: 'form-status' });
  const button = h('button', { type: 'submit' }, label);
  const el = h('form', { class: 'stack', novalidate: attrs.novalidate, ...attrs }, fields, status, button);
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren();
    if (!el.reportValidity()) return;
    button.disabled = true;
    try {
      await action(Object.fromEntries(new FormData(el)), el);
    } catch (e) {
      const box = problemBox(e);
      box.tabIndex = -1;
      status.append(box);
      box.focus();
    } finally {
      button.disabled = false;
    }
  });
  return el;
}

/** A button that runs an async action, disabled meanwhile, showing a problem next to itself. */
export function actionButton(label, action, attrs = {}) {
  const button = h('button', { type: 'button', class: 'secondary', ...attrs }, label);
  button.addEventListener('click', async () => {
    button.parentElement?.querySelectorAll(':scope > .problem').forEach((p) => p.remove());
    button.disabled = true;
    try {
      await action(button);
    } catch (e) {
      button.after(problemBox(e));
    } finally {
      if (button.isConnected) button.disabled = false;
    }
  });
  return button;
}

/** Progress toward a goal: a labelled progressbar whose width is set through CSSOM (allowed by CSP). */
export function progressBar(percent, label) {
  const fill = h('span', { class: 'fill' });
  fill.style.width = `${Math.min(100, Math.max(0, percent))}%`;
  return h('div', { class: 'progress', role: 'progressbar', 'aria-label': label, 'aria-valuemin': 0,
    'aria-valuemax': 100, 'aria-valuenow': Math.min(100, percent) }, fill);
}

/** Says something to screen readers without moving focus (the page's polite live region). */
export function announce(text) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // a fresh text node after clearing makes assistive technology read it even when it repeats
  requestAnimationFrame(() => { region.textContent = text; });
}

export const badge = (status) => h('span', { class: `badge ${status}` }, status.replaceAll('_', ' '));

/**
 * Replaces a container's content and puts focus back on the control that had it (matched by
 * data-focus-key), or else on the container's heading, so a re-read never drops keyboard users
 * at the top of the document.
 */
export function replaceKeepingFocus(container, nodes) {
  const key = document.activeElement?.dataset?.focusKey;
  const hadFocus = container.contains(document.activeElement);
  container.replaceChildren(...[nodes].flat(Infinity).filter((n) => n != null && n !== false));
  if (!hadFocus) return;
  const target = (key && container.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)) || container.querySelector('h1');
  if (target) {
    if (target.tagName === 'H1') target.tabIndex = -1;
    target.focus();
  }
}
