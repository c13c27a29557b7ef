/* Candle: progressive enhancements. Everything works without this file. */
(() => {
  // Main menu: a disclosure button on narrow screens, always shown on wide ones.
  const toggle = document.querySelector('button.menu-toggle');
  const menu = document.getElementById('main-menu');
  if (toggle && menu) {
    const narrow = window.matchMedia('(max-width: 47.99em)');
    // Folded or open is drawn by the stylesheet from the first paint (see .js in site.css); this
    // only keeps the button's state and the class in step.
    const setOpen = (open) => {
      menu.classList.toggle('js-menu-open', open);
      toggle.setAttribute('aria-expanded', String(open));
    };
    const apply = () => {
      toggle.hidden = !narrow.matches;
      setOpen(!narrow.matches);
    };
    toggle.addEventListener('click', () => {
      setOpen(toggle.getAttribute('aria-expanded') !== 'true');
    });
    menu.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && narrow.matches && toggle.getAttribute('aria-expanded') === 'true') {
        setOpen(false);
        toggle.focus();
      }
    });
    if (narrow.addEventListener) narrow.addEventListener('change', apply);
    else if (narrow.addListener) narrow.addListener(apply);
    apply();
  }

  // An office's hours in the reader's own time zone (the page shows them in the office's and UTC),
  // days with the same hours gathered as the server does (src/actions/call-script.ts groupHours).
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const week = 7 * 24 * 60;
  const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const hoursLines = (ranges, offset) => {
    const lines = [];
    const byTimes = new Map();
    for (const [from, to] of ranges) {
      const start = (((from + offset) % week) + week) % week;
      const day = Math.floor(start / 1440);
      const begins = start % 1440;
      const ends = begins + (to - from);
      if (ends > 1440) {
        const end = start + (to - from);
        const endDay = weekdays[Math.floor(end / 1440) % 7];
        lines.push({ at: start, text: `${weekdays[day]} ${hhmm(begins)}–${endDay} ${hhmm(end % 1440)}` });
        continue;
      }
      const times = `${hhmm(begins)}–${ends === 1440 ? '24:00' : hhmm(ends)}`;
      const group = byTimes.get(times) || { days: [], first: start };
      if (!group.days.includes(day)) group.days.push(day);
      group.first = Math.min(group.first, start);
      byTimes.set(times, group);
    }
    for (const [times, group] of byTimes) {
      const days = group.days.sort((a, b) => a - b);
      const runs = [];
      for (let i = 0; i < days.length; i++) {
        let j = i;
        while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++;
        runs.push(j === i ? weekdays[days[i]] : `${weekdays[days[i]]}–${weekdays[days[j]]}`);
        i = j;
      }
      lines.push({ at: group.first, text: `${runs.join(', ')} ${times}` });
    }
    return lines.sort((a, b) => a.at - b.at).map((l) => l.text);
  };
  for (const dd of document.querySelectorAll('dd.ua-call__yours[data-week-ranges]')) {
    const dt = dd.previousElementSibling;
    const ranges = (dd.getAttribute('data-week-ranges') || '')
      .split(',')
      .map((r) => r.split('-').map(Number))
      .filter((r) => r.length === 2 && r.every(Number.isFinite));
    if (!dt || ranges.length === 0) continue;
    // Minutes east of UTC now; Monday 00:00 UTC is the ranges' origin.
    const list = document.createElement('ul');
    for (const text of hoursLines(ranges, -new Date().getTimezoneOffset())) {
      const item = document.createElement('li');
      item.textContent = text;
      list.append(item);
    }
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    dt.textContent = (dt.getAttribute('data-label') || '').replace('{zone}', zone);
    dd.replaceChildren(list);
    dt.hidden = false;
    dd.hidden = false;
  }

  // Copy link: offered only where the clipboard API exists.
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll('button.share__copy-button[data-copy]')) {
    const input = document.getElementById(button.getAttribute('data-copy'));
    if (!input) continue;
    const status = button.parentElement?.querySelector('.share__status');
    button.hidden = false;
    button.addEventListener('click', () => {
      // Empty first so a second copy is announced again.
      const announce = () => {
        if (!status) return;
        status.textContent = '';
        window.setTimeout(() => {
          status.textContent = status.getAttribute('data-copied') || '';
        }, 100);
      };
      const fallback = () => {
        input.focus();
        input.select();
      };
      try {
        navigator.clipboard.writeText(input.value).then(announce, fallback);
      } catch {
        fallback();
      }
    });
  }

  // Live preview of the Markdown editor: rendered by the server, so it matches what readers get.
  for (const area of document.querySelectorAll('textarea[data-preview]')) {
    const target = document.getElementById(area.getAttribute('data-preview'));
    if (!target) continue;
    let timer = 0;
    let sent = 0;
    const refresh = () => {
      const ticket = ++sent;
      fetch('/admin/preview', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-csrf-token': area.getAttribute('data-csrf') || '',
        },
        body: new URLSearchParams({ body: area.value }),
        credentials: 'same-origin',
      })
        .then((res) => (res.ok ? res.text() : Promise.reject(res.status)))
        .then((html) => {
          // Only the answer to the latest keystroke is shown.
          if (ticket !== sent) return;
          target.innerHTML = html;
          target.hidden = false;
        })
        .catch(() => {});
    };
    area.addEventListener('input', () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 300);
    });
    if (area.value) refresh();
  }
})();
