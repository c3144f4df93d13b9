import Tabular
