"""The linked site: the valid posts joined to their plans' tasks and grouped by task, unit, tag and
month (`linking.Site`, made once per build), and the warnings that only the whole site can show
(a unit spelt two ways, a post outside its task's timeframe). Pure data, read by every output.
"""
