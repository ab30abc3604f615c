/* global location, sessionStorage, document, HTMLFormElement, URL, URLSearchParams */
// When a form is sent after the session ended, the server answers with the
// sign-in page (…&resume=1) and then, once signed in, the page the form was
// on. This keeps what was typed for that one way back: each POST form puts its
// values aside in this tab's sessionStorage as it is sent (never passwords,
// files, hidden fields or tokens); the sign-in page with resume=1 marks them
// as waiting; the form's page puts them back once. Any other page throws
// them away, so a form that was saved is never filled in again.
(() => {
  const KEY = 'endorse.kept-form';
  const MAX_AGE_MS = 60 * 60 * 1000;
  const here = location.pathname + location.search;
  const secret = /password|token|_csrf/i;
  const skipped = new Set(['password', 'file', 'hidden', 'submit', 'button', 'reset', 'image']);

  const read = () => {
    try {
      return JSON.parse(sessionStorage.getItem(KEY) || 'null');
    } catch {
      return null;
    }
  };
  const write = (value) => {
    try {
      sessionStorage.setItem(KEY, JSON.stringify(value));
    } catch {
      // Storage full or refused: the form is sent as it is, only not kept.
    }
  };
  const pathOf = (form) => {
    const url = new URL(form.getAttribute('action') || location.href, location.href);
    return url.pathname + url.search;
  };
  // Several forms of a page may post to one address (one per agreement, say): the n-th of them.
  const postingTo = (action) =>
    [...document.forms].filter((f) => f.method.toLowerCase() === 'post' && pathOf(f) === action);
  const fieldsOf = (form) =>
    [...form.elements].filter(
      (el) => el.name && !el.disabled && !skipped.has(el.type) && !secret.test(el.name),
    );

  const kept = read();
  const signingIn = location.pathname === '/sign-in' || location.pathname.startsWith('/sign-in/');
  if (kept && signingIn) {
    if (new URLSearchParams(location.search).get('resume') === '1' && !kept.waiting)
      write({ ...kept, waiting: true });
  } else if (kept) {
    sessionStorage.removeItem(KEY);
    // The script is deferred: the page is parsed by now.
    if (kept.waiting && kept.page === here && Date.now() - kept.at < MAX_AGE_MS) restore(kept);
  }

  function restore(saved) {
    const form = postingTo(saved.action)[saved.index || 0];
    if (!form) return;
    const seen = new Map();
    for (const el of fieldsOf(form)) {
      const values = saved.fields.filter((f) => f.name === el.name);
      if (el.type === 'checkbox' || el.type === 'radio') {
        el.checked = values.some((f) => f.value === el.value && f.checked);
      } else if (el.type === 'select-multiple') {
        const chosen = new Set(values.flatMap((f) => f.selected || []));
        for (const option of el.options) option.selected = chosen.has(option.value);
      } else {
        const i = seen.get(el.name) || 0;
        seen.set(el.name, i + 1);
        if (values[i]) el.value = values[i].value;
      }
    }
    const notice = document.getElementById('form-kept');
    if (notice) notice.hidden = false;
  }

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== 'post' || signingIn) return;
    const fields = fieldsOf(form).map((el) =>
      el.type === 'checkbox' || el.type === 'radio'
        ? { name: el.name, value: el.value, checked: el.checked }
        : el.type === 'select-multiple'
          ? { name: el.name, selected: [...el.selectedOptions].map((o) => o.value) }
          : { name: el.name, value: el.value },
    );
    const action = pathOf(form);
    write({ page: here, action, index: postingTo(action).indexOf(form), at: Date.now(), fields });
  });
})();
