// Loaded as a classic, blocking script at the top of <body> so the classes are
// set before the page is drawn (GOV.UK Frontend styles key off them). Kept out of
// an inline <script> so a Content Security Policy can forbid inline scripts.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
