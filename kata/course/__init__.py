"""The course: lessons and their manifests, the student's repository, files, ``.kata/``."""
