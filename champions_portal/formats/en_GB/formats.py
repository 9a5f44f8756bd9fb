# GOV.UK style: "14 October 2013", "2:30pm".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y \\a\\t g:ia"
TIME_FORMAT = "g:ia"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, g:ia"
