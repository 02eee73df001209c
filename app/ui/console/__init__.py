"""The supervisor console: the station board, the held orders, and (later) queues, labels, an
order's story and figures. Everything it shows is read on a worker thread."""
