from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "klageportal.workspaces"
    label = "workspaces"
