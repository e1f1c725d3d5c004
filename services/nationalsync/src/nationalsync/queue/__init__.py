"""The sync queue: jobs queued with each record change, pushed to the hub by the dispatcher."""
