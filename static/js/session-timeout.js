// The timeout warning for staff (templates/includes/session_timeout.html): opens the dialog
// STAFF_SESSION_WARNING_SECONDS before the idle limit; "Stay signed in" tells the server without
// leaving the page; at the limit the page is loaded again, and the server shows the signed-out page.
const dialog = document.getElementById('session-timeout')

if (dialog && typeof dialog.showModal === 'function') {
  const idle = Number(dialog.dataset.idleSeconds) * 1000
  const warning = Number(dialog.dataset.warningSeconds) * 1000
  const form = dialog.querySelector('form[data-session-extend]')
  let warnTimer
  let endTimer

  const start = () => {
    clearTimeout(warnTimer)
    clearTimeout(endTimer)
    warnTimer = setTimeout(() => dialog.showModal(), Math.max(idle - warning, 0))
    endTimer = setTimeout(() => window.location.assign(window.location.href), idle + 1000)
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const response = await fetch(form.action, {
      method: 'POST',
      body: new FormData(form),
      headers: { Accept: 'application/json' },
      credentials: 'same-origin'
    })
    if (response.status === 204) {
      dialog.close()
      start()
    } else { // the session had already ended: the server shows the signed-out page
      window.location.assign(window.location.href)
    }
  })

  start()
}
