"""People, the organisations and teams they work in, and the sessions they hold."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django_otp.models import Device

from relsafe.accounts.roles import FAMILY_ROLES, STAFF_ROLES, Role


class Organisation(models.Model):
    """A charity, council, police force or other agency. Each sees only what was shared with it."""

    class Kind(models.TextChoices):
        CHARITY = "charity", "Charity"
        COUNCIL = "council", "Council"
        POLICE = "police", "Police force"
        OTHER = "other", "Other agency"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique_in_org")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("role", Role.ADMINISTRATOR)
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):  # type: ignore[django-manager-missing]
    """Anyone who signs in: staff of an organisation, or a parent or young person using the portal."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=40, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="May use the Django administration site (administrators only)."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]), name="user_role_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=[r.value for r in Role if r in STAFF_ROLES])
                | models.Q(organisation__isnull=False),
                name="staff_belong_to_an_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_staff_role(self) -> bool:
        """Staff (anyone working for an organisation) must use MFA and have the short idle timeout."""
        return self.role in STAFF_ROLES

    @property
    def is_family_role(self) -> bool:
        return self.role in FAMILY_ROLES

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class RoleChangeRequest(models.Model):
    """A change to someone's work that would open case data (or the administrator's reach) to
    them, waiting for a second administrator of the same organisation: a role that opens a route
    they did not have (``roles.ROLE_REACH``), a team, or being switched back on with either. It
    records their work before (``from_*``) and as asked (``to_*``); nothing changes until
    another administrator approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Replaced or out of date"

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_change_requests")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="role_change_requests",
        help_text="Whose administrators decide: the person's organisation.",
    )
    from_role = models.CharField(max_length=40, choices=Role.choices)
    to_role = models.CharField(max_length=40, choices=Role.choices)
    from_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_active = models.BooleanField()
    to_active = models.BooleanField()
    new_person = models.BooleanField(
        default=False, help_text="Added with this role; switched on once approved."
    )
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "role or team change waiting for approval"
        verbose_name_plural = "role and team changes waiting for approval"
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="pending"),
                name="one_pending_role_change_per_person",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="pending")
                | models.Q(decided_by__isnull=True, decided_at__isnull=True),
                name="pending_role_change_is_undecided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.summary}"

    @property
    def summary(self) -> str:
        """'Social worker to Team manager, North team', in words an administrator reads."""
        parts = []
        if self.from_role != self.to_role:
            parts.append(f"{Role(self.from_role).label} to {Role(self.to_role).label}")
        if self.from_team_id != self.to_team_id:
            parts.append(f"team: {self.to_team.name if self.to_team else 'none'}")
        if self.new_person:
            parts.append(f"new account as {Role(self.to_role).label}")
        elif self.to_active and not self.from_active:
            parts.append(f"switched back on as {Role(self.to_role).label}")
        return "; ".join(parts) or "no change"


class UserSession(models.Model):
    """Links a server-side session to its owner so people can see and end their sessions."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"Session of {self.user} from {self.ip_address}"

    @property
    def browser(self) -> str:
        """'Firefox on Windows' from the user agent: enough to recognise a device, no more."""
        ua = self.user_agent
        browser = next(
            (name for token, name in _BROWSERS if token in ua),
            "Unknown browser",
        )
        system = next((name for token, name in _SYSTEMS if token in ua), "")
        return f"{browser} on {system}" if system else browser


# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
_BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


class SecurityKey(Device):  # type: ignore[misc]  # django-otp ships no type hints
    """A WebAuthn credential (a security key or a passkey) used as a phishing-resistant second
    factor (ASVS 6.3.3, 6.6.1). It is a django-otp device, so a session that used it counts as
    verified; it never accepts typed codes."""

    # Annotated because django-otp's Device base is untyped, so the stubs cannot infer them.
    credential_id: models.CharField[str, str] = models.CharField(
        max_length=1024, unique=True, help_text="base64url"
    )
    public_key: models.BinaryField[bytes, bytes] = models.BinaryField()
    sign_count: models.PositiveBigIntegerField[int, int] = models.PositiveBigIntegerField(default=0)
    created_at: models.DateTimeField[Any, Any] = models.DateTimeField(default=timezone.now)
    last_used_at: models.DateTimeField[Any, Any] = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def verify_token(self, token: Any) -> bool:
        return False
