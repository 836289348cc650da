"""The Apify resource: hands out the official ``apify_client.ApifyClient`` for a run.

The API token comes only from the ``APIFY_TOKEN`` environment variable and is read
when a run asks for a client, never at import or when Definitions load. It is not a
config field on purpose: resource config is stored in the run's config and shown in
the UI, and the token must appear in no log, metadata or database row.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import TYPE_CHECKING

from dagster import ConfigurableResource, Failure
from pydantic import Field

from socialdb.scrape import DEFAULT_ACTOR_ID, ScrapeSettings

if TYPE_CHECKING:  # imported when a client is made: 0.2 s less for every run worker start
    from apify_client import ApifyClient

TOKEN_ENV_VAR = "APIFY_TOKEN"
MISSING_TOKEN_MESSAGE = (
    f"{TOKEN_ENV_VAR} is not set, so the Apify actor cannot be called. Copy your API token from "
    "https://console.apify.com/settings/integrations and set it in the environment of the "
    f"Dagster process before starting it: `export {TOKEN_ENV_VAR}=<your token>`, or add the line "
    f"`{TOKEN_ENV_VAR}=<your token>` to the `.env` file in the project folder (dagster dev reads "
    "it). Then re-run this job."
)


class ApifyResource(ConfigurableResource):
    """Calls the Apify actor that scrapes LinkedIn profile posts.

    Every field has a working default; ``api_base_url`` exists so tests can point the
    real client at a local fake API.
    """

    actor_id: str = Field(default=DEFAULT_ACTOR_ID, description="Apify actor to run, owner/name.")
    api_base_url: str | None = Field(
        default=None, description="Apify API base URL; empty for https://api.apify.com."
    )
    results_limit: int = Field(default=100, ge=1, description="`limit` input: posts per profile.")
    run_timeout_secs: int = Field(
        default=600, ge=1, description="Apify-side timeout of one actor run (then TIMED-OUT)."
    )
    wait_secs: float | None = Field(
        default=None, description="How long to wait for one run; default run timeout + 60 s."
    )
    request_timeout_secs: float = Field(
        default=60.0, gt=0, description="Timeout of one HTTP request to the Apify API."
    )
    max_retries: int = Field(default=4, ge=0, description="Retries of a failed HTTP request.")
    min_retry_delay_ms: int = Field(
        default=500, ge=0, description="First back-off delay between retries (doubles each time)."
    )
    page_size: int = Field(default=1000, ge=1, description="Dataset items read per request.")
    concurrency: int = Field(
        default=1, ge=1, le=25, description="Actor runs at a time (mind the account's limits)."
    )

    def token(self) -> str:
        """The API token from $APIFY_TOKEN, or a Failure that says how to set it."""
        token = os.environ.get(TOKEN_ENV_VAR, "").strip()
        if not token:
            raise Failure(description=MISSING_TOKEN_MESSAGE, allow_retries=False)
        return token

    def get_client(self) -> ApifyClient:
        """A configured official client (fails at once, with instructions, without a token)."""
        from apify_client import ApifyClient

        request_timeout = timedelta(seconds=self.request_timeout_secs)
        options: dict = {}
        if self.api_base_url:
            options.update(api_url=self.api_base_url, api_public_url=self.api_base_url)
        return ApifyClient(
            self.token(),
            max_retries=self.max_retries,
            min_delay_between_retries=timedelta(milliseconds=self.min_retry_delay_ms),
            timeout_short=request_timeout,
            timeout_medium=request_timeout,
            timeout_long=request_timeout,
            timeout_max=request_timeout,
            user_agent_suffix="socialdb",
            **options,
        )

    def settings(self) -> ScrapeSettings:
        """The scrape settings this resource is configured with."""
        return ScrapeSettings(
            actor_id=self.actor_id,
            limit=self.results_limit,
            run_timeout_secs=self.run_timeout_secs,
            wait_secs=self.wait_secs,
            page_size=self.page_size,
            concurrency=self.concurrency,
        )
