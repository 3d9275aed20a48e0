"""The functional administrator's home: background jobs that failed (never silently lost)."""

from droomplan.access.policy import can_see_jobs
from droomplan.accounts.models import Role
from droomplan.core.home import register

from .models import Job


@register(Role.ADMIN, template="jobs/home/admin.html", when=can_see_jobs)
def failed_jobs(request) -> dict:
    return {"failed_job_count": Job.objects.failed().count()}
