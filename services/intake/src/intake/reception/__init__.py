"""The one-stop desk: the queue, counter and postal intake, completeness decisions with their letters,
dossier codes, and the hand-over of results."""
