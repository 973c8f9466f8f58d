/**
 * The citizen-phone page: plain server-rendered HTML that works without JavaScript. A tester picks a
 * number, reads the thread with the business and replies as the citizen.
 */
import { META_SHAPES } from './meta-shapes.js';
import type { SimInboundMessage, SimOutboundMessage, WebhookDeliveryLog } from './simulator.types.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const time = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const STATUS_WORDS: Record<SimOutboundMessage['status'], string> = {
  accepted: 'Accepted by WhatsApp',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not delivered',
};

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} – WhatsApp simulator</title>
<style>
body{font-family:system-ui,Arial,sans-serif;max-width:40rem;margin:0 auto;padding:1rem;line-height:1.4;color:#0b0c0c}
a{color:#1d70b8} a:focus,button:focus,input:focus,textarea:focus,select:focus{outline:3px solid #fd0;outline-offset:0}
.thread{list-style:none;padding:0}
.msg{margin:.5rem 0;padding:.5rem .75rem;border-radius:.5rem;max-width:85%;border:1px solid #b1b4b6}
.in{background:#fff} .out{background:#d9fdd3;margin-left:auto}
.meta{font-size:.85rem;color:#505a5f;margin:0}
fieldset{border:1px solid #b1b4b6;margin:1rem 0;padding:.75rem}
label{display:block;font-weight:600;margin-top:.5rem}
input[type=text],input[type=tel],textarea{width:100%;box-sizing:border-box;padding:.4rem;border:2px solid #0b0c0c}
button{margin-top:.75rem;padding:.5rem 1rem;background:#00703c;color:#fff;border:0;font-size:1rem}
.warn{border-left:5px solid #d4351c;padding:.5rem}
img{max-width:12rem;min-width:6rem;display:block;image-rendering:pixelated}
</style>
</head>
<body>
<main id="main">
${body}
</main>
</body>
</html>`;
}

export function renderPhoneIndex(opts: { businessName: string; numbers: string[]; error?: string }): string {
  const list = opts.numbers.length
    ? `<h2>Recent chats</h2><ul>${opts.numbers.map((n) => `<li><a href="/phone/${n}">+${n}</a></li>`).join('')}</ul>`
    : '<p>No chats yet.</p>';
  return page(
    'Citizen phone',
    `<h1>Citizen phone</h1>
<p>Act as a citizen chatting with ${esc(opts.businessName)} on WhatsApp.</p>
${opts.error ? `<p class="warn" role="alert">${esc(opts.error)}</p>` : ''}
<form method="get" action="/phone">
<label for="number">Citizen’s WhatsApp number</label>
<p class="meta" id="number-hint">For example +44 7700 900123 or 07700 900123</p>
<input type="tel" id="number" name="number" autocomplete="off" aria-describedby="number-hint" required>
<button type="submit">Open chat</button>
</form>
${list}`,
  );
}

export interface ThreadView {
  businessName: string;
  waId: string;
  profileName: string;
  outbound: SimOutboundMessage[];
  inbound: SimInboundMessage[];
  deliveries: WebhookDeliveryLog[];
  notice?: string;
}

export function renderThread(v: ThreadView): string {
  type Item = { at: Date; html: string };
  const items: Item[] = [
    ...v.outbound.map((m) => ({
      at: m.at,
      html: `<li class="msg out"><p class="meta">${esc(v.businessName)} · ${time(m.at)}</p><p>${esc(m.text)}</p><p class="meta">${STATUS_WORDS[m.status]}</p></li>`,
    })),
    ...v.inbound.map((m) => ({ at: m.at, html: inboundHtml(m) })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());

  const count = (state: WebhookDeliveryLog['state']) => v.deliveries.filter((d) => d.state === state).length;
  const notes = [
    count('held') && `${count('held')} held: the simulator has no webhook URL yet`,
    count('retrying') && `${count('retrying')} refused by Liaise and being retried`,
    count('gave-up') && `${count('gave-up')} given up after repeated failures`,
  ].filter(Boolean);
  const webhookNote = notes.length ? `<p class="warn" role="status">Webhook deliveries: ${notes.join('; ')}.</p>` : '';
  const base = `/phone/${v.waId}`;

  return page(
    `Chat with ${v.businessName}`,
    `<p><a href="/phone">All chats</a></p>
<h1>Chat with ${esc(v.businessName)}</h1>
<p>You are <strong>+${esc(v.waId)}</strong>, shown to the business as “${esc(v.profileName)}”.</p>
${v.notice ? `<p role="status">${esc(v.notice)}</p>` : ''}
${webhookNote}
<p><a href="${base}">Refresh</a></p>
<h2>Messages</h2>
${items.length ? `<ol class="thread">${items.map((i) => i.html).join('\n')}</ol>` : '<p>No messages yet.</p>'}

<h2>Reply</h2>
<form method="post" action="${base}/text">
<fieldset><legend>Text message</legend>
<label for="text">Message</label>
<textarea id="text" name="text" rows="3" required></textarea>
<button type="submit">Send message</button>
</fieldset>
</form>

<form method="post" action="${base}/media" enctype="multipart/form-data">
<fieldset><legend>Photo or document</legend>
<label for="file">Choose a file</label>
<input type="file" id="file" name="file" accept="image/jpeg,image/png,application/pdf,.doc,.docx,.txt">
<label for="sample">Or send a sample</label>
<select id="sample" name="sample">
<option value="">No sample (use the chosen file)</option>
<option value="image">Sample photo (PNG)</option>
<option value="pdf">Sample document (PDF)</option>
</select>
<label for="caption">Caption (optional)</label>
<input type="text" id="caption" name="caption">
<button type="submit">Send attachment</button>
</fieldset>
</form>

<form method="post" action="${base}/shape">
<fieldset><legend>Any delivery Meta documents</legend>
<label for="shape">Kind of delivery</label>
<select id="shape" name="shape">
${META_SHAPES.filter((x) => !x.needsKnownMessage)
  .map((x) => `<option value="${esc(x.name)}">${esc(x.description)}</option>`)
  .join('\n')}
</select>
<button type="submit">Send delivery</button>
</fieldset>
</form>

<form method="post" action="${base}/location">
<fieldset><legend>Location</legend>
<label for="latitude">Latitude</label>
<input type="text" inputmode="decimal" id="latitude" name="latitude" value="51.5034" required>
<label for="longitude">Longitude</label>
<input type="text" inputmode="decimal" id="longitude" name="longitude" value="-0.1276" required>
<label for="place">Place name (optional)</label>
<input type="text" id="place" name="name">
<label for="address">Address (optional)</label>
<input type="text" id="address" name="address">
<button type="submit">Send location</button>
</fieldset>
</form>

<form method="post" action="${base}/profile">
<fieldset><legend>Your WhatsApp profile</legend>
<label for="profileName">Profile name</label>
<input type="text" id="profileName" name="profileName" value="${esc(v.profileName)}" required>
<button type="submit">Save name</button>
</fieldset>
</form>`,
  );
}

function inboundHtml(m: SimInboundMessage): string {
  let body: string;
  if (m.type === 'image' && m.mediaId) {
    body = `<img src="/phone/media/${m.mediaId}" alt="Photo you sent${m.text ? `: ${esc(m.text)}` : ''}">${m.text ? `<p>${esc(m.text)}</p>` : ''}`;
  } else if (m.type === 'document' && m.mediaId) {
    body = `<p><a href="/phone/media/${m.mediaId}">${esc(m.fileName ?? 'Document')}</a></p>${m.text ? `<p>${esc(m.text)}</p>` : ''}`;
  } else if (m.type === 'location' && m.location) {
    const l = m.location;
    body = `<p>Location: ${esc([l.name, l.address].filter(Boolean).join(', '))} (${l.latitude}, ${l.longitude})</p>`;
  } else {
    body = `<p>${esc(m.text ?? '')}</p>`;
  }
  return `<li class="msg in"><p class="meta">You · ${time(m.at)}${m.readByBusiness ? ' · Read by the business' : ''}</p>${body}</li>`;
}

export function renderError(title: string, message: string, back: string): string {
  return page(title, `<h1>${esc(title)}</h1><p role="alert">${esc(message)}</p><p><a href="${esc(back)}">Go back</a></p>`);
}
