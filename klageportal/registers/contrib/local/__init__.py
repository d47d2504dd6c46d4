"""The embedded register: fictitious people and companies, no other server needed."""
