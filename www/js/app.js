// Shows that JavaScript is served with the right type and runs.
(function () {
  const el = document.getElementById('clock');
  if (!el) return;
  const tick = () => { el.textContent = 'Local time: ' + new Date().toLocaleTimeString(); };
  tick();
  setInterval(tick, 1000);
})();
