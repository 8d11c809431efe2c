{{- define "x" }}😀{{ end }}
