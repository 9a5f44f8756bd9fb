"""The Content-Security-Policy is enforced in Chromium, not only reported, and a breach fails the page's check.

Every other browser test already fails on any violation (`new_page` and `assert_accessible` in conftest.py);
this one breaks the policy on purpose, so it uses a context of its own.
"""

import pytest

from tests.browser.conftest import RECORD_CSP_VIOLATIONS

INJECT_INLINE_SCRIPT_AND_STYLE = """() => {
  const script = document.createElement('script');
  script.textContent = 'window.inlineScriptRan = true';
  document.body.append(script);
  const marked = document.createElement('p');
  marked.setAttribute('style', 'color: rgb(255, 0, 0)');
  document.body.append(marked);
  const style = document.createElement('style');
  style.textContent = 'main { color: rgb(0, 128, 0) }';
  document.head.append(style);
  return {
    scriptRan: window.inlineScriptRan === true,
    attributeColour: getComputedStyle(marked).color,
    elementColour: getComputedStyle(document.querySelector('main')).color,
  };
}"""


@pytest.fixture
def own_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context.new_page()
    context.close()


def test_it_enforces_the_policy_and_blocks_inline_script_and_style(own_page, reference_data, assert_accessible):
    response = own_page.goto("/")
    assert "content-security-policy" in response.headers
    assert "content-security-policy-report-only" not in response.headers
    assert own_page.evaluate("window.cspViolations") == []

    result = own_page.evaluate(INJECT_INLINE_SCRIPT_AND_STYLE)

    assert result["scriptRan"] is False
    assert result["attributeColour"] != "rgb(255, 0, 0)"
    assert result["elementColour"] != "rgb(0, 128, 0)"
    own_page.wait_for_function("window.cspViolations.length >= 3")
    violations = own_page.evaluate("window.cspViolations")
    assert {v["directive"] for v in violations} == {"script-src-elem", "style-src-attr", "style-src-elem"}
    assert {v["disposition"] for v in violations} == {"enforce"}
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(own_page)
    assert "3 Content-Security-Policy violation(s) on" in str(failure.value)
    assert "- style-src-attr (enforce): inline" in str(failure.value)


def test_it_turns_off_device_features_with_a_permissions_policy_chromium_understands(page, reference_data):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto("/")
    page.wait_for_load_state("load")

    allowed = page.evaluate(
        "features => features.filter(feature => document.featurePolicy.allowsFeature(feature))",
        ["camera", "microphone", "geolocation", "payment", "usb", "display-capture", "serial", "hid"],
    )
    assert allowed == []
    assert page.evaluate("document.featurePolicy.allowsFeature('fullscreen')")  # not listed, so still allowed
    assert not [text for text in console if "Permissions-Policy" in text]
