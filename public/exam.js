/* global document, fetch, URLSearchParams, setInterval, clearTimeout, setTimeout */
// The exam pages work without this script: every answer is a form sent to
// the server. With it, an answer is saved the moment it is chosen (a radio
// button) or typed (an essay, a moment after typing stops), and the time
// left counts down from what the server said when the page was sent. The
// server holds the clock: when it says the time is up, the page says so and
// the next page loaded finds the exam submitted.
(() => {
  const clock = document.querySelector('.exam-clock[data-seconds-left]');
  const left = document.getElementById('exam-time-left');
  const examUrl = clock && clock.getAttribute('data-exam');
  const form = document.querySelector('form.exam-form');
  const status = form && form.querySelector('.exam-save-status');
  const ends = clock ? Date.now() + Number(clock.getAttribute('data-seconds-left')) * 1000 : 0;

  const timeText = (seconds) => {
    const minutes = Math.ceil(seconds / 60);
    if (minutes < 60) return `${minutes} min`;
    return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
  };
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const timeUp = () => {
    if (left) left.textContent = 'none: the time is up';
    say('The time is up: your exam is submitted as it stands. Open the exam page to see it.');
    if (form) for (const el of form.elements) el.disabled = true;
  };

  if (clock && left) {
    let shown = '';
    const tick = () => {
      const seconds = Math.max(0, Math.round((ends - Date.now()) / 1000));
      if (seconds === 0) return timeUp();
      // Announced (aria-live) only when the minutes change, not every second.
      const text = timeText(seconds);
      if (text !== shown) left.textContent = shown = text;
    };
    tick();
    setInterval(tick, 1000);
  }

  if (!form || !examUrl) return;
  const token = form.querySelector('input[name="_csrf"]');
  const item = form.querySelector('input[name="item"]');
  const essay = form.querySelector('input[name="essay"]');

  const save = async (fields) => {
    say('Saving…');
    try {
      const res = await fetch(`${examUrl}/autosave`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: token ? token.value : '', ...fields }),
        credentials: 'same-origin',
        cache: 'no-store',
      });
      const body = await res.json().catch(() => ({}));
      if (res.ok) say('Saved.');
      else if (body.code === 'EXAM_TIME_UP') timeUp();
      else say(`Not saved: ${body.message || 'try the button below'}`);
    } catch {
      say('Not saved (no connection): the button below saves it once you are back online.');
    }
  };

  if (item)
    form.addEventListener('change', (event) => {
      if (event.target.name === 'choice') save({ item: item.value, choice: event.target.value });
    });
  if (essay) {
    const text = form.querySelector('textarea[name="text"]');
    let timer;
    text.addEventListener('input', () => {
      clearTimeout(timer);
      say('');
      timer = setTimeout(() => save({ essay: essay.value, text: text.value }), 1500);
    });
  }
})();
