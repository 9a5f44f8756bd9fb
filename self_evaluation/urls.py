from django.urls import path

from self_evaluation.views import readiness, reports, returns, windows

app_name = "self_evaluation"

urlpatterns = [
    # LA officers: their own LA's returns (champion and programme staff may read them).
    path("self-evaluation/", returns.return_list, name="return_list"),
    path("self-evaluation/history/", returns.rating_history, name="rating_history"),
    path("self-evaluation/quarters/<int:quarter>/start/", returns.return_start, name="return_start"),
    path("self-evaluation/returns/<int:pk>/", returns.return_detail, name="return_detail"),
    path("self-evaluation/returns/<int:pk>/ratings/<slug:theme>/", returns.return_ratings, name="return_ratings"),
    path("self-evaluation/returns/<int:pk>/approaches/", returns.return_approaches, name="return_approaches"),
    path("self-evaluation/returns/<int:pk>/costs/", returns.return_costs, name="return_costs"),
    path("self-evaluation/returns/<int:pk>/submit/", returns.return_submit, name="return_submit"),
    path("self-evaluation/returns/<int:pk>/change/", returns.return_change_start, name="return_change_start"),
    # Champion staff (their assigned LAs) and programme staff: readiness by element.
    path("self-evaluation/readiness/", readiness.readiness, name="readiness"),
    path("self-evaluation/readiness.<str:fmt>", readiness.readiness_export, name="readiness_export"),
    # Programme staff: returns windows, who is missing, reopening a return.
    path("self-evaluation/windows/", windows.window_list, name="window_list"),
    path("self-evaluation/windows.<str:fmt>", windows.window_export, name="window_export"),
    path("self-evaluation/windows/<int:quarter>/", windows.window_detail, name="window_detail"),
    path("self-evaluation/windows/<int:quarter>/open/", windows.window_open, name="window_open"),
    path("self-evaluation/windows/<int:quarter>/close/", windows.window_close, name="window_close"),
    path("self-evaluation/windows/<int:quarter>/missing.<str:fmt>", windows.missing_export, name="missing_export"),
    path("self-evaluation/returns/<int:pk>/reopen/", windows.return_reopen, name="return_reopen"),
    # Programme staff: reports.
    path("self-evaluation/reports/levels/", reports.levels, name="report_levels"),
    path("self-evaluation/reports/levels.<str:fmt>", reports.levels_export, name="report_levels_export"),
    path("self-evaluation/reports/change/", reports.change, name="report_change"),
    path("self-evaluation/reports/change.<str:fmt>", reports.change_export, name="report_change_export"),
    path("self-evaluation/reports/costs/", reports.costs, name="report_costs"),
    path("self-evaluation/reports/costs.<str:fmt>", reports.costs_export, name="report_costs_export"),
]
