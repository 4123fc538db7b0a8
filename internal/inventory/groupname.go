package inventory

// GroupNameKind says what a group name alone tells of the client's
// hierarchy (environment -> cloud -> purpose): the first environment and
// cloud its tokens name, canonical (prod-aws: production, aws), and
// whether it is nothing but such tokens. A pure name is an environment or
// cloud group; any other is a purpose group (prod-ci, webservers).
func GroupNameKind(name string) (env, cloud string, pure bool) {
	c := classifyName(name)
	if len(c.envs) > 0 {
		env = c.envs[0]
	}
	if len(c.clouds) > 0 {
		cloud = c.clouds[0]
	}
	return env, cloud, c.pure
}
