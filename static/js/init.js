// Initialises every GOV.UK Frontend component on the page (error summary focus,
// notification banner focus, service navigation menu, skip link, ...).
// Loaded with <script type="module">, so browsers that cannot run GOV.UK
// Frontend's JavaScript never load it.
import { initAll } from './govuk-frontend.min.js'

initAll()
