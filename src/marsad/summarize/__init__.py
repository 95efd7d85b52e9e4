"""marsad.summarize: cited extractive summaries of events and stories, and timelines."""

from .stories import Story, find_stories
from .summary import Citation, Summary, SummarySentence, summarize_event, summarize_events
from .timeline import timeline, timeline_rows, when

__all__ = ["Story", "find_stories", "Summary", "SummarySentence", "Citation",
           "summarize_event", "summarize_events", "summarize_story", "timeline",
           "timeline_rows", "when"]


def summarize_story(story: Story, events_by_id: dict, *, max_sentences: int = 5) -> Summary:
    """Summary of a story from its events (``events_by_id`` maps id -> Event)."""
    return summarize_events([events_by_id[i] for i in story.events if i in events_by_id],
                            story.title, max_sentences=max_sentences)
