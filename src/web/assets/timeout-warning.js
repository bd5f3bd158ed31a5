// The service manual's timeout warning (NHS digital service manual, "Timeout warning"; GOV.UK "Timeout
// warning"): a modal dialog two minutes before the session's idle timeout, with "Stay signed in" and
// "Sign out". Progressive enhancement: without JavaScript a form posted after the timeout is kept instead.
/* global document, window, fetch -- runs in the browser */
const dialog = document.getElementById('timeout-warning');

if (dialog && typeof dialog.showModal === 'function') {
  const idleSeconds = Number(dialog.dataset.idleSeconds);
  const warnSeconds = Number(dialog.dataset.warnSeconds);
  const countdown = dialog.querySelector('[data-timeout-countdown]');
  const stay = dialog.querySelector('[data-timeout-stay]');
  const token = dialog.querySelector('input[name="_csrf"]')?.value ?? '';
  let warnTimer;
  let tick;

  const words = (seconds) => {
    if (seconds > 60) return `${Math.ceil(seconds / 60)} minutes`;
    if (seconds === 60) return '1 minute';
    return seconds === 1 ? '1 second' : `${seconds} seconds`;
  };

  const open = () => {
    let left = warnSeconds;
    countdown.textContent = words(left);
    dialog.showModal();
    stay.focus();
    tick = window.setInterval(() => {
      left -= 1;
      // Announced by screen readers only at the minute and in the last 20 seconds, not every second.
      if (left <= 0) {
        window.clearInterval(tick);
        countdown.textContent = 'a moment';
      } else if (left % 60 === 0 || left <= 20) countdown.textContent = words(left);
    }, 1000);
  };

  const start = () => {
    window.clearTimeout(warnTimer);
    window.clearInterval(tick);
    warnTimer = window.setTimeout(open, Math.max(0, idleSeconds - warnSeconds) * 1000);
  };

  stay.addEventListener('click', async () => {
    const res = await fetch('/session/keep-alive', {
      method: 'POST',
      headers: { 'x-csrf-token': token },
      credentials: 'same-origin',
      redirect: 'manual',
    });
    dialog.close();
    if (res.status === 204) start();
    else window.location.reload();
  });
  // Escape closes a modal dialog: that is "stay", not "leave the warning off".
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    stay.click();
  });

  start();
}
