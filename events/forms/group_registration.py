"""The public form for registering a group: a coordinator (such as a parent carer forum's) registers
several people from one email address, each with their own details.

"Add another person" and "Remove" are submit buttons: the page comes back with one block more or fewer
and the answers kept, so it works without JavaScript (the GOV.UK "add another" pattern).
"""

import copy

from crispy_forms_gds.layout import HTML, Field, Size
from django import forms
from django.urls import reverse
from django.utils.html import format_html

from champions_portal.forms import gds_helper
from events.forms.public import RegistrationForm
from events.services import Coordinator, RegistrationData

MAX_PEOPLE = 10
FIRST_VISIT_PEOPLE = 2
PERSON_FIELDS = ("name", "organisation", "partner_type", "local_authority", "access_needs", "dietary_needs")
ADD, REMOVE = "add_person", "remove_person"

# The first Enter in a text box presses a form's first submit button: make that one "Register", not a
# "Remove" further down. Hidden from sight and from assistive technology; the visible one is at the end.
DEFAULT_BUTTON = (
    '<button type="submit" name="submit" value="Register" class="govuk-visually-hidden" tabindex="-1" '
    'aria-hidden="true">Register</button>'
)


def people_count(data) -> int:
    """How many people the form shows, from its hidden `people` answer: 1 to MAX_PEOPLE, whatever is sent."""
    try:
        count = int(str(data.get("people", "")).strip())
    except ValueError:
        return FIRST_VISIT_PEOPLE
    return min(max(count, 1), MAX_PEOPLE)


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _person_field(field: str, n: int) -> forms.Field:
    """A copy of the single registration form's field, worded for the person numbered n."""
    made = copy.deepcopy(RegistrationForm.base_fields[field])
    who = f"person {n}"
    hidden = format_html('<span class="govuk-visually-hidden">Person {}: </span>', n)
    labels = {
        "name": "Full name",
        "organisation": "Organisation (optional)",
        "partner_type": "What type of organisation do they represent?",
        "local_authority": "Local authority area (optional)",
        "access_needs": "Access needs (optional)",
        "dietary_needs": "Dietary needs (optional)",
    }
    made.label = format_html("{}{}", hidden, labels[field])
    hints = {
        "organisation": "For example, their parent carer forum, school or local authority. Leave it blank if they "
        "are coming as a parent, carer or young person.",
        "partner_type": "If they are coming as a parent, carer or young person, choose that.",
        "local_authority": "The local authority they work for, or the area they live in.",
        "access_needs": "Anything that would help them take part, for example step-free access, a hearing loop or a "
        "British Sign Language interpreter. Only the organisers of this event will see this.",
        "dietary_needs": "For example, vegetarian, halal or a food allergy. Only the organisers of this event will "
        "see this.",
    }
    made.help_text = hints.get(field, "")
    messages = {
        "name": {
            "required": f"Enter the full name of {who}",
            "max_length": f"The full name of {who} must be 150 characters or fewer",
        },
        "organisation": {"max_length": f"The organisation of {who} must be 200 characters or fewer"},
        "partner_type": {
            "required": f"Select the type of organisation {who} represents",
            "invalid_choice": f"Select the type of organisation {who} represents",
        },
        "local_authority": {"invalid_choice": f"Select a local authority from the list for {who}"},  # noqa: S608
        "access_needs": {"max_length": f"The access needs of {who} must be 2,000 characters or fewer"},
        "dietary_needs": {"max_length": f"The dietary needs of {who} must be 1,000 characters or fewer"},
    }
    made.error_messages = {**made.error_messages, **messages[field]}
    return made


class GroupRegistrationForm(forms.Form):
    max_people = MAX_PEOPLE

    name = forms.CharField(
        label="Your full name",
        max_length=150,
        error_messages={"required": "Enter your full name", "max_length": "Full name must be 150 characters or fewer"},
    )
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="We will email the confirmation for everyone here, with a private link for each person to view "
        "or cancel their place. Reminders and any news about each place also come to this address.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    attending = forms.ChoiceField(
        label="Are you coming to the event too?",
        choices=[
            ("yes", "Yes, I am one of the people below"),
            ("no", "No, I am only registering other people"),
        ],
        widget=forms.RadioSelect,
        help_text="If you are coming, add yourself as one of the people, with your full name as above.",
        error_messages={
            "required": "Select whether you are coming to the event too",
            "invalid_choice": "Select whether you are coming to the event too",
        },
    )
    privacy = forms.BooleanField(
        label="I agree to the privacy notice, for myself and the people I am registering",
        error_messages={"required": "You must agree to the privacy notice to register"},
    )

    def __init__(self, data=None, *, people: int | None = None, **kwargs):
        super().__init__(data, **kwargs)
        self.people = people or (people_count(data) if data is not None else FIRST_VISIT_PEOPLE)
        privacy = self.fields.pop("privacy")
        for n in range(1, self.people + 1):
            for field in PERSON_FIELDS:
                self.fields[f"person_{n}_{field}"] = _person_field(field, n)
        self.fields["privacy"] = privacy
        self.fields["name"].widget.attrs.update(autocomplete="name", spellcheck="false")
        self.fields["email"].widget.attrs.update(autocomplete="email", spellcheck="false")
        privacy.help_text = format_html(
            'The <a class="govuk-link" href="{}" target="_blank" rel="noopener">privacy notice (opens in new tab)</a> '
            "says who sees each person's details, including their access and dietary needs, and how long we keep "
            "them. Tell the people you register that you are sharing their details with the organisers.",
            reverse("privacy"),
        )
        self.helper = gds_helper(*self._layout(), submit="Register")

    def _layout(self) -> list:
        layout = [
            HTML(DEFAULT_BUTTON),
            HTML(format_html('<input type="hidden" name="people" value="{}">', self.people)),
            HTML('<h2 class="govuk-heading-m">About you</h2>'),
            Field.text("name"),
            Field.text("email"),
            Field.radios("attending", legend_size=Size.SMALL),
        ]
        for n in range(1, self.people + 1):
            layout += [
                HTML('<hr class="govuk-section-break govuk-section-break--l govuk-section-break--visible">'),
                HTML(format_html('<h2 class="govuk-heading-m" id="person-{}">Person {}</h2>', n, n)),
                Field.text(f"person_{n}_name"),
                Field.text(f"person_{n}_organisation"),
                Field.radios(f"person_{n}_partner_type", legend_size=Size.SMALL, small=True),
                Field.select(f"person_{n}_local_authority"),
                Field.textarea(f"person_{n}_access_needs", rows=2),
                Field.textarea(f"person_{n}_dietary_needs", rows=2),
            ]
            if self.people > 1:
                layout.append(HTML(self._remove_button(n)))
        if self.people < MAX_PEOPLE:
            layout.append(
                HTML(
                    f'<button type="submit" name="{ADD}" value="1" class="govuk-button govuk-button--secondary" '
                    'data-module="govuk-button">Add another person</button>'
                )
            )
        else:
            layout.append(
                HTML(
                    format_html(
                        '<p class="govuk-body">You can register up to {} people at once. Register the next people '
                        "once you have sent this.</p>",
                        MAX_PEOPLE,
                    )
                )
            )
        layout.append(Field.checkbox("privacy"))
        return layout

    @staticmethod
    def _remove_button(n: int) -> str:
        return format_html(
            '<button type="submit" name="{}" value="{}" class="govuk-button govuk-button--secondary '
            'govuk-!-margin-bottom-6" data-module="govuk-button">Remove<span class="govuk-visually-hidden"> person {}'
            "</span></button>",
            REMOVE,
            n,
            n,
        )

    @staticmethod
    def initial_for(user) -> dict:
        """The coordinator's name and address, for someone signed in."""
        if not user.is_authenticated:
            return {}
        return {"name": user.full_name, "email": user.email}

    @classmethod
    def changed(cls, data, *, initial: dict | None = None) -> "GroupRegistrationForm":
        """The form again after "Add another person" or "Remove": unbound (no errors yet), with every answer kept
        and one person more (up to MAX_PEOPLE) or the chosen one removed (never the last)."""
        count = people_count(data)
        people = [{field: data.get(f"person_{n}_{field}", "") for field in PERSON_FIELDS} for n in range(1, count + 1)]
        if REMOVE in data:
            removed = str(data.get(REMOVE, ""))
            if removed.isdigit() and 1 <= int(removed) <= count and count > 1:
                del people[int(removed) - 1]
        elif count < MAX_PEOPLE:
            people.append({})
        answers = {field: data.get(field, "") for field in ("name", "email", "attending", "privacy")}
        for n, person in enumerate(people, start=1):
            answers |= {f"person_{n}_{field}": value for field, value in person.items()}
        return cls(initial={**(initial or {}), **{k: v for k, v in answers.items() if v != ""}}, people=len(people))

    def clean(self):
        data = super().clean()
        seen: dict[str, int] = {}
        for n in range(1, self.people + 1):
            key = _name_key(data.get(f"person_{n}_name") or "")
            if not key:
                continue
            if key in seen:
                self.add_error(
                    f"person_{n}_name", f"Person {n} has the same name as person {seen[key]}: register each person once"
                )
            seen.setdefault(key, n)
        mine = _name_key(data.get("name") or "")
        if mine and data.get("attending") == "yes" and mine not in seen:
            self.add_error(
                "attending", "You said you are coming: add yourself as one of the people, with your full name"
            )
        if mine and data.get("attending") == "no" and mine in seen:
            self.add_error(
                f"person_{seen[mine]}_name",
                f"Person {seen[mine]} has your name: if you are coming, select yes to whether you are coming too",
            )
        return data

    def coordinator(self) -> Coordinator:
        return Coordinator(name=self.cleaned_data["name"], email=self.cleaned_data["email"])

    def attendees(self) -> list[RegistrationData]:
        data = self.cleaned_data
        return [
            RegistrationData(email=data["email"], **{field: data[f"person_{n}_{field}"] for field in PERSON_FIELDS})
            for n in range(1, self.people + 1)
        ]

    def refuse_already_registered(self, index: int) -> None:
        """The service found person `index` (from 0) already registered with this address: say so at their name."""
        n = index + 1
        if _name_key(self.cleaned_data[f"person_{n}_name"]) == _name_key(self.cleaned_data["name"]):
            message = f"You are already registered for this event with this email address: remove person {n}"
        else:
            message = f"Person {n} is already registered for this event with this email address: remove them"
        self.add_error(f"person_{n}_name", message)
