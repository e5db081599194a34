"""The pages of an LTI launch: login initiation, the launch itself, and what a teacher chooses
after a first launch (which course, which assignment)."""

from django.contrib.auth import login as sign_in
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.access import PUBLIC, SIGNED_IN, access_rule, refuse
from classroom.access import MANAGER, can_manage
from classroom.models import Course, Role

from .forms import AssignmentChoiceForm, CourseSetupForm
from .frames import LMS_SESSION_PLATFORM, framed_by, origin_of, partition_cookie
from .launch import (
    SESSION_LAUNCHES,
    Launch,
    launch_remember,
    launch_started_new_account,
    launch_validate,
    remembered_launch,
)
from .login import (
    authorization_redirect_url,
    login_begin,
    platform_for_login,
    restart_url,
    state_cookie_set,
    state_read,
)
from .models import Platform
from .own_tab import own_tab_token, own_tab_use
from .people import (
    assignment_link_create,
    assignment_link_for,
    course_link_create,
    course_link_for,
    course_link_refresh,
    custom_assignment,
    identity_move,
    membership_for_launch,
    nonce_use,
    person_for_launch,
)
from .refusals import LaunchRefused, refusal_page

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@access_rule(PUBLIC)
@csrf_exempt  # The LMS sends the login initiation cross-site; it has no Colloquy form token.
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    try:
        platform = platform_for_login(
            issuer=params.get("iss", ""), client_id=params.get("client_id", "")
        )
        state, signed_state, binding = login_begin(request, params=params, platform=platform)
    except LaunchRefused as refusal:
        return refusal_page(request, refusal)
    authorization_url = authorization_redirect_url(
        request, platform=platform, state=state, signed_state=signed_state
    )
    if state.storage_target:
        response = render(
            request,
            "classroom/lti/storing.html",
            {
                "authorization_url": authorization_url,
                "storage_target": state.storage_target,
                "storage_origin": platform_storage_origin(platform),
                "storage_key": state.cookie_name,
                "binding": binding,
            },
        )
    else:
        response = HttpResponseRedirect(authorization_url)
    state_cookie_set(response, state=state, binding=binding)
    return framed_by(response, platform)


def platform_storage_origin(platform: Platform) -> str:
    """The spec's target origin for postMessage storage: the OIDC authorization origin."""
    return origin_of(platform.authorization_url)


@access_rule(PUBLIC)
@csrf_exempt  # The platform's page posts the id_token cross-site; the signed state and the
# browser binding stand in for the form token.
@require_POST
def launch(request: HttpRequest) -> HttpResponse:
    return launch_answer(request, binding=None)


@access_rule(PUBLIC)
@csrf_exempt  # Posted from the LMS frame when its cookies are blocked, so no CSRF cookie can
# exist; the binding value fetched from the platform's storage stands in for it.
@require_POST
def launch_verify(request: HttpRequest) -> HttpResponse:
    return launch_answer(request, binding=request.POST.get("binding", ""))


def launch_answer(request: HttpRequest, *, binding: str | None) -> HttpResponse:
    """Check the launch and that this browser began it (the binding comes from its cookie
    when `binding` is None, else from the platform's frame storage), then sign the person
    in and send them on."""
    proved_through_storage = binding is not None
    try:
        state = state_read(request.POST.get("state", ""))
        launch = launch_validate(id_token=request.POST.get("id_token", ""), state=state)
        if binding is None:
            binding = request.COOKIES.get(state.cookie_name)
            if binding is None:
                return binding_missing_page(request, launch=launch, state=state)
        if not state.binds(binding):
            raise LaunchRefused(
                _("This launch was started in another browser, so Colloquy cannot accept it."),
                status=403,
                platform=launch.platform,
            )
        response = launch_accept(request, launch)
    except LaunchRefused as refusal:
        return refusal_page(request, refusal)
    if proved_through_storage:
        response = own_tab_offer(request, destination=response["Location"])
    response.delete_cookie(state.cookie_name, path=reverse("lti:launch"), samesite="None")
    partition_cookie(response, state.cookie_name)
    return framed_by(response, launch.platform)


def own_tab_offer(request: HttpRequest, *, destination: str) -> HttpResponse:
    """A browser that kept no cookie in the frame will not keep the sign-in there either:
    offer Colloquy in a tab of its own, signed in, and going on here in case it does."""
    token = own_tab_token(user=request.user, destination=destination)
    context = {"here_url": destination, "own_tab_url": reverse("lti:own-tab", args=[token])}
    return render(request, "classroom/lti/own_tab.html", context)


@access_rule(PUBLIC)
@require_GET
def own_tab(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the frame, opened in a tab of Colloquy's own: sign in there, once."""
    try:
        user, destination = own_tab_use(request, token)
    except LaunchRefused as refusal:
        return refusal_page(request, refusal)
    sign_in(request, user, backend=MODEL_BACKEND)
    return redirect(destination)


def binding_missing_page(request: HttpRequest, *, launch: Launch, state) -> HttpResponse:
    """The browser kept no cookie of this login (a third-party frame with cookies blocked, or
    another browser): fetch the binding from the platform's frame storage when the login used
    it, else offer a new top-level tab where cookies work."""
    if state.storage_target:
        response = render(
            request,
            "classroom/lti/fetching.html",
            {
                "id_token": request.POST["id_token"],
                "state": request.POST["state"],
                "storage_target": state.storage_target,
                "storage_origin": platform_storage_origin(launch.platform),
                "storage_key": state.cookie_name,
            },
        )
    else:
        response = render(
            request,
            "classroom/lti/new_tab.html",
            {"restart_url": restart_url(state, launch.platform)},
            status=403,
        )
    return framed_by(response, launch.platform)


def launch_accept(request: HttpRequest, launch: Launch) -> HttpResponse:
    """Everything the launch changes, in one transaction with its nonce, then the sign-in."""
    with transaction.atomic():
        course_link = course_link_for(launch)
        if course_link is None and launch.role != Role.INSTRUCTOR:
            raise LaunchRefused(
                _(
                    "Your teacher has not set Colloquy up for %s yet. Try again once they "
                    "have opened it from the course."
                )
                % launch.context_title,
                status=403,
                platform=launch.platform,
            )
        nonce_use(launch=launch)
        user, is_new = person_for_launch(launch=launch)
        if course_link is not None:
            course_link_refresh(course_link=course_link, launch=launch)
            membership_for_launch(user=user, course=course_link.course, role=launch.role)
    lms_sign_in(request, user, platform=launch.platform)
    launch_id = launch_remember(request.session, launch, new_account=is_new)
    if course_link is None:
        return redirect("lti:course-setup", launch_id)
    return launch_destination(request, launch, launch_id)


def lms_sign_in(request: HttpRequest, user, *, platform: Platform) -> None:
    """Sign in, keeping the launches of this session (a change of account flushes it), and
    remember that this session came from the platform: its pages may be framed by it."""
    launches = request.session.get(SESSION_LAUNCHES, {})
    sign_in(request, user, backend=MODEL_BACKEND)
    request.session[SESSION_LAUNCHES] = launches
    request.session[LMS_SESSION_PLATFORM] = platform.pk


def launch_destination(request: HttpRequest, launch: Launch, launch_id: str) -> HttpResponse:
    """Where a launch into a linked course goes: deep linking, or the link's reading."""
    if launch.is_deep_linking:
        return redirect(reverse("lms:deep-linking", args=[launch_id]))
    course_link = course_link_for(launch)
    link = assignment_link_for(launch=launch, course_link=course_link)
    if link is None:
        assignment = custom_assignment(launch=launch, course_link=course_link)
        if assignment is not None:
            link = assignment_link_create(
                launch=launch, course_link=course_link, assignment=assignment
            )
    if link is not None:
        return redirect(link.assignment)
    if can_manage(request.user, course_link.course):
        return redirect("lti:assignment-choice", launch_id)
    return render(
        request,
        "classroom/lti/not_connected.html",
        {"linked_course": course_link.course},
        status=403,
    )


def launch_for(request: HttpRequest, launch_id: str) -> Launch:
    """A launch this session made; anyone else's, or a forgotten one, is a 404."""
    launch = remembered_launch(request.session, launch_id)
    if launch is None:
        raise Http404("No such launch.")
    return launch


@access_rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def course_setup(request: HttpRequest, launch_id: str) -> HttpResponse:
    """A teacher's first launch from an LMS course: a new Colloquy course for it, or one of
    theirs."""
    launch = launch_for(request, launch_id)
    if launch.role != Role.INSTRUCTOR:
        refuse(MANAGER)
    if course_link_for(launch) is not None:
        return launch_destination(request, launch, launch_id)
    taught_courses = Course.objects.taught_by(request.user).order_by("title")
    form = CourseSetupForm(
        request.POST or None, context_title=launch.context_title, taught_courses=taught_courses
    )
    if request.method == "POST" and form.is_valid():
        course_link_create(launch=launch, course=form.chosen_course(), instructor=request.user)
        return launch_destination(request, launch, launch_id)
    new_account = launch_started_new_account(request.session, launch_id)
    return render(
        request,
        "classroom/lti/course_setup.html",
        {
            "form": form,
            "launch_id": launch_id,
            "context_title": launch.context_title,
            "account_form": AuthenticationForm(request) if new_account else None,
        },
        status=422 if form.is_bound else 200,
    )


@access_rule(SIGNED_IN)
@require_POST
def account_connect(request: HttpRequest, launch_id: str) -> HttpResponse:
    """A teacher whose LMS account Colloquy has just made proves an existing Colloquy account
    is theirs (its password): the LMS identity moves there and the new account goes."""
    launch = launch_for(request, launch_id)
    if not launch_started_new_account(request.session, launch_id):
        raise Http404("No new account to connect.")
    form = AuthenticationForm(request, data=request.POST)
    if not form.is_valid():
        context_title = launch.context_title
        taught_courses = Course.objects.taught_by(request.user)
        return render(
            request,
            "classroom/lti/course_setup.html",
            {
                "form": CourseSetupForm(context_title=context_title, taught_courses=taught_courses),
                "launch_id": launch_id,
                "context_title": context_title,
                "account_form": form,
            },
            status=422,
        )
    existing = form.get_user()
    if existing.pk != request.user.pk:
        identity_move(launch=launch, from_user=request.user, to_user=existing)
        lms_sign_in(request, existing, platform=launch.platform)
        request.session[SESSION_LAUNCHES][launch_id]["new_account"] = False
        request.session.modified = True
    return redirect("lti:course-setup", launch_id)


@access_rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def assignment_choice(request: HttpRequest, launch_id: str) -> HttpResponse:
    """An LMS link nobody has connected yet: its course's instructor picks the reading."""
    launch = launch_for(request, launch_id)
    course_link = course_link_for(launch)
    if course_link is None or launch.is_deep_linking:
        raise Http404("No such link.")
    if not can_manage(request.user, course_link.course):
        refuse(MANAGER)
    existing = assignment_link_for(launch=launch, course_link=course_link)
    if existing is not None:
        return redirect(existing.assignment)
    form = AssignmentChoiceForm(request.POST or None, course=course_link.course)
    if request.method == "POST" and form.is_valid():
        link = assignment_link_create(
            launch=launch, course_link=course_link, assignment=form.cleaned_data["assignment"]
        )
        return redirect(link.assignment)
    return render(
        request,
        "classroom/lti/assignment_choice.html",
        {"form": form, "linked_course": course_link.course, "launch_id": launch_id},
        status=422 if form.is_bound else 200,
    )
