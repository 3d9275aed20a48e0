"""The functional administrator's home: background jobs that failed (never silently lost)."""

from droomplan.accounts.models import Role
from droomplan.core.home import register

from .models import Job
from .views import admin_only


@register(Role.ADMIN, template="jobs/home/admin.html", when=admin_only.predicate)
def failed_jobs(request) -> dict:
    return {"failed_job_count": Job.objects.failed().count()}
