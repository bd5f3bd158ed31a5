// Progressive enhancement only: every page works without JavaScript.
/* global document, MutationObserver, Element -- runs in the browser */
import { initAll } from '/nhsuk/nhsuk-frontend.min.js';

initAll();

// A radio that reveals a follow-up question gets aria-expanded from the NHS frontend, which ARIA 1.2 does
// not allow on a radio (axe aria-allowed-attr, critical; alphagov/govuk-frontend#979, w3c/aria#1404), so
// the WCAG 2.2 AA promise of the accessibility statement fails on every such form. The revealed question
// comes straight after its radio, so it is found without it. Checkboxes keep theirs: ARIA 1.2 allows it.
const EXPANDED_RADIO = 'input[type="radio"][aria-expanded]';
for (const radio of document.querySelectorAll(EXPANDED_RADIO)) radio.removeAttribute('aria-expanded');
new MutationObserver((changes) => {
  for (const { target } of changes)
    if (target instanceof Element && target.matches(EXPANDED_RADIO)) target.removeAttribute('aria-expanded');
}).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-expanded'] });
