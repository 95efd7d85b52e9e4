"""marsad.summarize: cited extractive summaries of events and stories, and timelines."""

from .stories import Story, find_stories, story_contradictions
from .summary import Citation, Summary, SummarySentence, summarize_event, summarize_events
from .timeline import timeline, timeline_rows, when

__all__ = ["Story", "find_stories", "story_contradictions", "Summary", "SummarySentence", "Citation",
           "summarize_event", "summarize_events", "summarize_story", "timeline",
           "timeline_rows", "when"]


def summarize_story(story: Story, events_by_id: dict, *, max_sentences: int = 5) -> Summary:
    """Summary of a story from its events (``events_by_id`` maps id -> Event); when its
    sources disagree on how the offensive went, both accounts are quoted."""
    disputed = story_contradictions(story, events_by_id)
    return summarize_events([events_by_id[i] for i in story.events if i in events_by_id],
                            story.title, max_sentences=max_sentences,
                            must=[side for c in disputed[:1] for side in c["sides"]])
