{{- define "x" }}é{{ end }}
