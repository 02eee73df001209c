"""One stylesheet for the station: large type and strong colours, readable from 1.5 m."""

from __future__ import annotations

STYLESHEET = """
QWidget { font-size: 20px; }
QLabel#banner { font-size: 40px; font-weight: bold; padding: 16px; border-radius: 8px; }
QLabel#printerBanner {
    font-size: 26px; font-weight: bold; padding: 8px; border-radius: 6px;
    background: #e65100; color: white;
}
QLabel#saving {
    font-size: 26px; font-weight: bold; padding: 6px; border-radius: 6px;
    background: #fff59d; color: #000000;
}
QLabel#orderTitle { font-size: 30px; font-weight: bold; }
QLabel#counts { font-size: 46px; font-weight: bold; }
QLabel#caption { font-size: 18px; color: #555; }
QLabel#headerStation, QLabel#headerUser, QLabel#headerDevices {
    font-size: 22px; color: white; padding: 4px 12px;
}
QLabel#headerUser { font-weight: bold; }
QWidget#header { background: #263238; }
QTableView#lines { font-size: 28px; gridline-color: #ccc; }
QHeaderView::section { font-size: 20px; padding: 6px; }
QProgressBar#orderProgress { border: 2px solid #555; border-radius: 6px; background: #eee; }
QProgressBar#orderProgress::chunk { background: #2e7d32; }
QPushButton { font-size: 22px; padding: 8px; }
QPushButton#headerButton { font-size: 16px; padding: 4px 10px; }
QLineEdit#entry { font-size: 24px; padding: 6px; }
"""
