"""How an offer is named (the admin and any list of offers): the GOV.UK date, with no leading zero."""

import datetime

from regions.models import Champion
from support_days.models import SupportDayOffer


def test_it_names_an_offer_by_its_champion_and_date_without_a_leading_zero():
    offer = SupportDayOffer(champion=Champion(name="Hartlepool"), date=datetime.date(2013, 4, 7))
    assert str(offer) == "Hartlepool on 7 April 2013"
