// Progressive enhancement for the staff app. Every page works without this file:
// forms post normally and a refresh shows new messages. Plain JavaScript (no build
// step) because it is small and served as-is.
import { initAll } from '/static/govuk/govuk-frontend.min.js';

initAll();

const region = document.getElementById('thread-region');
if (region && 'EventSource' in window) {
  const id = region.dataset.conversationId;
  let refreshing = false;
  let again = false;
  const refresh = async () => {
    if (refreshing) { again = true; return; }
    refreshing = true;
    try {
      const res = await fetch(`/conversations/${id}/thread`, { headers: { accept: 'text/html' } });
      if (res.ok) {
        region.innerHTML = await res.text();
        // The citizen replied, so the 24-hour window opened: show the free-text composer.
        const composer = document.getElementById('composer');
        if (composer && composer.dataset.window === 'closed' && res.headers.get('x-liaise-window') === 'open') window.location.reload();
      }
    } finally {
      refreshing = false;
      if (again) { again = false; refresh(); }
    }
  };
  const source = new EventSource(`/conversations/${id}/events`);
  source.addEventListener('update', refresh);
  source.addEventListener('open', () => region.setAttribute('data-live', 'connected'));
}

const text = document.getElementById('text');
const live = document.getElementById('live-check');
const form = document.getElementById('composer-form');
if (text && live && form) {
  const csrf = form.querySelector('input[name="_csrf"]').value;
  let timer = null;
  let seq = 0;
  const escape = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const render = (value, result) => {
    if (!result.reasons.length) { live.innerHTML = ''; live.className = 'app-live-check'; return; }
    let marked = '';
    let at = 0;
    for (const f of [...result.findings].sort((a, b) => a.start - b.start)) {
      if (f.start < at) continue;
      marked += escape(value.slice(at, f.start)) + `<mark class="app-finding" title="${escape(f.type)}">${escape(value.slice(f.start, f.end))}</mark>`;
      at = f.end;
    }
    marked += escape(value.slice(at));
    const heading = result.decision === 'block' ? 'This message cannot be sent' : result.decision === 'warn' ? 'This message needs a justification' : 'Check this message';
    live.className = `app-live-check app-live-check--${result.decision}`;
    live.innerHTML = `<p class="govuk-body govuk-!-font-weight-bold">${heading}</p><ul class="govuk-list">${result.reasons
      .map((r) => `<li>${escape(r.message)} (guidance section ${escape(r.guidanceSection)})</li>`).join('')}</ul><p class="govuk-body-s app-marked">${marked}</p>`;
  };
  text.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++seq;
      const value = text.value;
      const res = await fetch('/api/v1/policy/check', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ text: value }) });
      if (res.ok && mine === seq) render(value, await res.json());
    }, 250);
  });
}
