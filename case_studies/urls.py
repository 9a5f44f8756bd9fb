from django.urls import path

from case_studies.views import library, review, writing

app_name = "case_studies"

urlpatterns = [
    # Anyone: the good-practice library.
    path("library/", library.library, name="library"),
    path("library/feed/", library.LibraryFeed(), name="library_feed"),
    path("case-studies/<int:pk>/", library.case_study_detail, name="case_study_detail"),
    path("case-studies/attachments/<int:pk>/", library.attachment_download, name="attachment_download"),
    path("library/resources/<int:pk>/download/", library.resource_download, name="resource_download"),
    # Champion staff (their own champion) and programme staff: writing.
    path("case-studies/", writing.case_study_list, name="case_study_list"),
    path("case-studies/new/", writing.case_study_create, name="case_study_create"),
    path("case-studies/<int:pk>/edit/", writing.case_study_edit, name="case_study_edit"),
    path("case-studies/<int:pk>/submit/", writing.case_study_submit, name="case_study_submit"),
    path("case-studies/<int:pk>/attachments/", writing.attachment_add, name="attachment_add"),
    path("case-studies/attachments/<int:pk>/remove/", writing.attachment_remove, name="attachment_remove"),
    path("library/resources/new/", writing.resource_create, name="resource_create"),
    path("library/resources/<int:pk>/remove/", writing.resource_remove, name="resource_remove"),
    # Programme staff: review, publication and deadlines.
    path("case-studies/review/", review.review_list, name="review_list"),
    path("case-studies/review.<str:fmt>", review.review_export, name="review_export"),
    path("case-studies/<int:pk>/review/", review.case_study_review, name="case_study_review"),
    path("case-studies/<int:pk>/publish/", review.case_study_publish, name="case_study_publish"),
    path("case-studies/<int:pk>/unpublish/", review.case_study_unpublish, name="case_study_unpublish"),
    path("case-studies/quarters/", review.quarter_list, name="quarter_list"),
    path("case-studies/quarters.<str:fmt>", review.quarter_export, name="quarter_export"),
    path("case-studies/quarters/<int:pk>/deadline/", review.quarter_deadline_edit, name="quarter_deadline_edit"),
]
