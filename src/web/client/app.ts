// Progressive enhancement for the staff app. Every page works without this file:
// forms post normally and a refresh shows new messages. Compiled by tsc (no bundler)
// to one ES module served beside the stylesheet.
import { initAll } from '/static/govuk/govuk-frontend.min.js';

interface Finding {
  type: string;
  start: number;
  end: number;
}
interface Reason {
  message: string;
  guidanceSection: string;
  action: 'allow' | 'warn' | 'block';
  suggestion?: string;
  triggers: string[];
}
interface PolicyCheck {
  decision: 'allow' | 'warn' | 'block';
  reasons: Reason[];
  findings: Finding[];
}

initAll();

const region = document.getElementById('thread-region');
if (region && 'EventSource' in window) {
  const id = region.dataset['conversationId'] ?? '';
  let refreshing = false;
  let again = false;
  const refresh = async (): Promise<void> => {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    try {
      const res = await fetch(`/conversations/${id}/thread`, { headers: { accept: 'text/html' } });
      if (res.ok) {
        region.innerHTML = await res.text();
        // The citizen replied, so the 24-hour window opened: show the free-text composer.
        const composer = document.getElementById('composer');
        if (composer && composer.dataset['window'] === 'closed' && res.headers.get('x-liaise-window') === 'open') window.location.reload();
      }
    } finally {
      refreshing = false;
      if (again) {
        again = false;
        void refresh();
      }
    }
  };
  const source = new EventSource(`/conversations/${id}/events`);
  source.addEventListener('update', () => void refresh());
  source.addEventListener('open', () => region.setAttribute('data-live', 'connected'));
  // The session ended (signed out everywhere, or disabled): stop listening and let the server send us to sign-in.
  source.addEventListener('signed-out', () => {
    source.close();
    region.setAttribute('data-live', 'signed-out');
    window.location.reload();
  });
}

const text = document.getElementById('text');
const live = document.getElementById('live-check');
const form = document.getElementById('composer-form');
if (text instanceof HTMLTextAreaElement && live && form) {
  const csrf = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => entities[c] ?? c);
  const render = (value: string, result: PolicyCheck): void => {
    // Allowed findings (a phone number, a postcode) need no comment: nothing is shown for them.
    const shown = result.reasons.filter((r) => r.action !== 'allow');
    if (!shown.length) {
      live.innerHTML = '';
      live.className = 'app-live-check';
      return;
    }
    let marked = '';
    let at = 0;
    for (const f of [...result.findings].sort((a, b) => a.start - b.start)) {
      if (f.start < at) continue;
      marked +=
        escape(value.slice(at, f.start)) +
        `<mark class="app-finding" title="${escape(f.type)}">${escape(value.slice(f.start, f.end))}</mark>`;
      at = f.end;
    }
    marked += escape(value.slice(at));
    const heading = result.decision === 'block' ? 'This message cannot be sent' : 'This message needs a justification';
    // "5 (personal data must be secured)" as "section 5: personal data must be secured", as on the page.
    const guidance = (g: string): string => {
      const m = /^(\S+)\s*\((.*)\)$/.exec(g);
      return m ? `section ${m[1]}: ${m[2]}` : `section ${g}`;
    };
    const reasons = shown
      .map((r) => {
        const words = r.triggers.length
          ? `<br><span class="govuk-body-s app-triggers">Triggered by: ${r.triggers.map((t) => `“${escape(t)}”`).join(', ')}</span>`
          : '';
        const tip = r.suggestion ? `<br><span class="govuk-body-s app-suggestion">Try instead: ${escape(r.suggestion)}</span>` : '';
        return `<li>${escape(r.message)} <span class="govuk-body-s">(guidance ${escape(guidance(r.guidanceSection))})</span>${words}${tip}</li>`;
      })
      .join('');
    live.className = `app-live-check app-live-check--${result.decision}`;
    live.innerHTML = `<p class="govuk-body govuk-!-font-weight-bold">${heading}</p><ul class="govuk-list">${reasons}</ul><p class="govuk-body-s app-marked">${marked}</p>`;
  };
  const check = async (): Promise<void> => {
    const mine = ++seq;
    const value = text.value;
    const res = await fetch('/api/v1/policy/check', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ text: value }),
    });
    if (res.ok && mine === seq) render(value, (await res.json()) as PolicyCheck);
  };
  text.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void check(), 250);
  });
}
